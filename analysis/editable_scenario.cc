#include "analysis/editable_scenario.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "models/spec/model_builder.h"
#include "scenarios/field_path.h"
#include "scenarios/validator.h"

namespace portolan::analysis {

EditableScenario EditableScenario::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw scenario::ScenarioError({path + ": cannot read the file"});  // as load_file
  std::stringstream text;
  text << in.rdbuf();
  return from_text(text.str(), path);
}

EditableScenario EditableScenario::from_text(std::string text, std::string source_name) {
  scenario::LoadedScenario loaded = scenario::parse_text(text, source_name);
  return EditableScenario(std::move(text), std::move(loaded));
}

void EditableScenario::set(std::string_view path, std::string_view value) {
  scenario::apply_set(&loaded_, path, value, "Scenario.set ");  // all or nothing
  assignments_.emplace_back(path, value);
}

std::vector<std::string> EditableScenario::problems() const {
  std::vector<std::string> out;
  for (const auto& p : scenario::validate(loaded_)) out.push_back(p.to_string());
  return out;
}

void EditableScenario::validate() const {
  auto all = problems();
  if (!all.empty()) throw scenario::ScenarioError(std::move(all));
}

std::string EditableScenario::to_text() const { return scenario::to_text(loaded_.scenario); }

models::RunResult run_scenario(const EditableScenario& scenario,
                               const models::RunOptions& options) {
  scenario.validate();
  const auto started = std::chrono::steady_clock::now();
  models::RunResult result =
      models::run_model(models::build_model(scenario.loaded().scenario), options);
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace portolan::analysis
