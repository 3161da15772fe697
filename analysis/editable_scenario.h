// A scenario as Python and sweeps hold it: the text it was parsed from plus the field
// assignments applied since, so that another process re-creates it exactly (same values, and
// validation problems that name the same lines of the same file).
//
// It follows the CLI step for step: parse (scenarios/loader.h, defaults applied), then each
// assignment as `--set` does (scenarios/field_path.h), then validate (scenarios/validator.h);
// a run builds the model (models/spec/model_builder.h) and runs it (models/runtime/engine.h).
#ifndef PORTOLAN_ANALYSIS_EDITABLE_SCENARIO_H_
#define PORTOLAN_ANALYSIS_EDITABLE_SCENARIO_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/results/results.h"
#include "models/runtime/engine.h"
#include "scenarios/loader.h"
#include "scenarios/run_memory.h"

namespace portolan::analysis {

class EditableScenario {
 public:
  // Throw scenario::ScenarioError with the same messages as `portolan validate`.
  static EditableScenario from_file(const std::string& path);
  static EditableScenario from_text(std::string text, std::string source_name);

  // As `--set path=value`; throws scenario::ScenarioError naming the path. A failed assignment
  // leaves the scenario unchanged.
  void set(std::string_view path, std::string_view value);

  // The limit of the run's estimated memory that validation applies (the CLI's --max-memory):
  // a size as parse_memory_size() reads it ("16GiB"); throws scenario::ScenarioError otherwise.
  void set_max_memory(std::string_view size);
  double max_memory_bytes() const { return max_memory_bytes_; }

  // Every validation problem, each as the CLI prints it ("FILE:LINE: where: message").
  std::vector<std::string> problems() const;
  void validate() const;  // throws scenario::ScenarioError carrying problems()

  std::string to_text() const;  // the scenario as it stands, defaults included
  const scenario::LoadedScenario& loaded() const { return loaded_; }
  const std::string& name() const { return loaded_.scenario.name(); }
  const std::string& text() const { return text_; }
  const std::string& source_name() const { return loaded_.source_name; }
  const std::vector<std::pair<std::string, std::string>>& assignments() const {
    return assignments_;
  }

 private:
  EditableScenario(std::string text, scenario::LoadedScenario loaded)
      : text_(std::move(text)), loaded_(std::move(loaded)) {}

  std::string text_;
  scenario::LoadedScenario loaded_;
  std::vector<std::pair<std::string, std::string>> assignments_;
  double max_memory_bytes_ = scenario::kDefaultMaxMemoryBytes;
};

// Validates, builds and runs; sets the result's wall_seconds. Throws scenario::ScenarioError
// for an invalid scenario, std::exception for a failed run.
models::RunResult run_scenario(const EditableScenario& scenario, const models::RunOptions& options);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_EDITABLE_SCENARIO_H_
