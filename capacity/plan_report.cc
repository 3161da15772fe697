#include "capacity/plan_report.h"

#include <cmath>
#include <cstdio>

namespace portolan::capacity {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
  return buf;
}

std::string counts_text(const Plan& plan, const Mix& mix) {
  std::string out;
  for (std::size_t i = 0; i < mix.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(mix[i]) + " x " + plan.shapes[i];
  }
  return out;
}

nlohmann::json counts_json(const Plan& plan, const Mix& mix) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < mix.size(); ++i) j[plan.shapes[i]] = mix[i];
  return j;
}

}  // namespace

std::string candidates_csv(const Plan& plan) {
  std::string out;
  for (const auto& s : plan.shapes) out += csv_field(s) + ",";
  out +=
      "nodes,cost_per_hour,verdict,evaluation,requirement,dimension,seeds_run,seeds_passed,why\n";
  for (const auto& r : plan.candidates) {
    int nodes = 0;
    for (const int c : r.mix) {
      out += std::to_string(c) + ",";
      nodes += c;
    }
    out += std::to_string(nodes) + "," + number(r.cost_per_hour) + "," + r.verdict + "," +
           r.evaluation + "," + csv_field(r.requirement) + "," + csv_field(r.dimension) + "," +
           std::to_string(r.seeds_run) + "," + std::to_string(r.seeds_passed) + "," +
           csv_field(r.why) + "\n";
  }
  return out;
}

nlohmann::json plan_json(const Plan& plan) {
  int simulated = 0, pruned = 0;
  for (const auto& r : plan.candidates) (r.verdict == "pruned" ? pruned : simulated)++;
  nlohmann::json j = {
      {"feasible", plan.feasible},
      {"shapes", plan.shapes},
      {"seeds", plan.seeds},
      {"seeds_needed", plan.seeds_needed},
      {"candidates_simulated", simulated},
      {"candidates_pruned", pruned},
      {"simulations", plan.simulations},
      {"binding",
       {{"dimension", plan.binding_dimension},
        {"requirement", plan.binding_requirement},
        {"candidate", plan.just_smaller.empty() ? nlohmann::json(nullptr)
                                                : counts_json(plan, plan.just_smaller)}}}};
  if (plan.feasible) {
    int nodes = 0;
    for (const int c : plan.best) nodes += c;
    j["counts"] = counts_json(plan, plan.best);
    j["nodes"] = nodes;
    // Rounded to 1e-6 so that 3 x 1.3 prints 3.9.
    j["cost_per_hour"] = std::round(plan.cost_per_hour * 1e6) / 1e6;
    j["margins"] = {{"cpu", plan.margins.cpu},
                    {"memory", plan.margins.memory},
                    {"disk", plan.margins.disk},
                    {"static_ports", plan.margins.static_ports},
                    {"dynamic_ports", plan.margins.dynamic_ports}};
  } else {
    j["counts"] = nullptr;
  }
  return j;
}

std::string plan_text(const Plan& plan) {
  std::string out;
  int simulated = 0;
  for (const auto& r : plan.candidates) simulated += r.verdict != "pruned";
  if (plan.feasible) {
    out += "cheapest cluster: " + counts_text(plan, plan.best) + " (" + number(plan.cost_per_hour) +
           "/h)\n";
  } else {
    out += "no cluster within the shapes' bounds meets the requirements\n";
  }
  if (!plan.binding_dimension.empty() || !plan.binding_requirement.empty()) {
    out += "binding: " + plan.binding_dimension + " (requirement " + plan.binding_requirement +
           ", at " + counts_text(plan, plan.just_smaller) + ")\n";
  }
  if (plan.feasible) {
    out += "margins: cpu " + percent(plan.margins.cpu) + ", memory " +
           percent(plan.margins.memory) + ", disk " + percent(plan.margins.disk) +
           ", static ports " + percent(plan.margins.static_ports) + ", dynamic ports " +
           percent(plan.margins.dynamic_ports) + "\n";
  }
  out += "candidates: " + std::to_string(plan.candidates.size()) + " (" +
         std::to_string(simulated) + " simulated, " +
         std::to_string(plan.candidates.size() - static_cast<std::size_t>(simulated)) +
         " pruned), " + std::to_string(plan.simulations) + " runs; " +
         std::to_string(plan.seeds_needed) + " of " + std::to_string(plan.seeds) +
         " seeds must pass\n";
  return out;
}

}  // namespace portolan::capacity
