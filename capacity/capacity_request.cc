#include "capacity/capacity_request.h"

#include <cmath>

#include "scenarios/duration.h"

namespace portolan::capacity {

int Requirements::seeds_needed() const {
  // The small tolerance keeps 0.95 x 20 at 19 despite binary rounding.
  return static_cast<int>(std::ceil(seed_share * seeds - 1e-9));
}

CapacityRequest read_request(const scenario::LoadedScenario& loaded) {
  const scenario::Scenario& s = loaded.scenario;
  std::vector<std::string> problems;
  const auto report = [&](const scenario::FieldPath& path, const std::string& where,
                          const std::string& message) {
    const int line = loaded.line_of(path);
    std::string text = loaded.source_name;
    if (line > 0) text.append(":").append(std::to_string(line));
    text.append(": ").append(where).append(": ").append(message);
    problems.push_back(std::move(text));
  };
  CapacityRequest out;
  out.source = loaded.source_name;
  if (!s.has_capacity()) {
    report({}, "capacity", "the scenario has no capacity request (scenario.proto CapacityRequest)");
    throw scenario::ScenarioError(problems);
  }
  const scenario::CapacityRequest& c = s.capacity();
  const auto field = [](const char* name) { return scenario::FieldPath{{"capacity"}, {name}}; };
  if (c.shapes_size() == 0) report(field("shapes"), "capacity", "no shapes: give at least one");
  std::vector<std::string> names;
  for (int i = 0; i < c.shapes_size(); ++i) {
    const scenario::CapacityShape& in = c.shapes(i);
    const auto at = [i](const char* name) {
      return scenario::FieldPath{{"capacity"}, {"shapes", i}, {name}};
    };
    const std::string where = "capacity shape \"" + in.pool().name() + "\"";
    Shape shape;
    shape.pool = in.pool();
    shape.pool.clear_count();
    shape.cost_per_hour = in.cost_per_hour();
    shape.min_count = in.min_count();
    shape.max_count = in.has_max_count() ? in.max_count() : 0;
    if (in.pool().name().empty()) {
      report(at("pool"), "capacity shape #" + std::to_string(i), "pool.name is required");
    }
    for (const auto& n : names) {
      if (n == in.pool().name()) report(at("pool"), where, "duplicate shape name");
    }
    names.push_back(in.pool().name());
    if (!std::isfinite(shape.cost_per_hour) || shape.cost_per_hour < 0) {
      report(at("cost_per_hour"), where, "cost_per_hour must be a number >= 0");
    }
    if (shape.min_count < 0) {
      report(at("min_count"), where, "min_count " + std::to_string(shape.min_count) + " < 0");
    }
    if (!in.has_max_count()) {
      report(at("max_count"), where, "max_count is required");
    } else if (shape.max_count < shape.min_count) {
      report(at("max_count"), where,
             "max_count " + std::to_string(shape.max_count) + " is below min_count " +
                 std::to_string(shape.min_count));
    }
    out.shapes.push_back(std::move(shape));
  }
  Requirements& r = out.requirements;
  r.failures_allowed = c.failures_allowed();
  if (r.failures_allowed < 0) report(field("failures_allowed"), "capacity", "must be >= 0");
  r.seeds = c.has_seeds() ? c.seeds() : 20;
  if (r.seeds < 1 || r.seeds > 10000) {
    report(field("seeds"), "capacity", "seeds " + std::to_string(r.seeds) + " not in 1..10000");
  }
  r.seed_share = c.has_seed_share() ? c.seed_share() : 1.0;
  if (!(r.seed_share > 0 && r.seed_share <= 1)) {
    report(field("seed_share"), "capacity", "seed_share must be in (0, 1]");
  }
  r.node_failures = c.node_failures();
  if (r.node_failures < 0) report(field("node_failures"), "capacity", "must be >= 0");
  r.rack_failure = c.rack_failure();
  r.datacenter_failure = c.datacenter_failure();
  r.update_all_jobs = c.update_all_jobs();
  r.dynamic_ports_free = c.dynamic_ports_free();
  if (!(r.dynamic_ports_free >= 0 && r.dynamic_ports_free < 1)) {
    report(field("dynamic_ports_free"), "capacity", "dynamic_ports_free must be in [0, 1)");
  }
  r.racks = c.racks();
  if (r.racks < 0 || r.racks > 1000) {
    report(field("racks"), "capacity", "racks " + std::to_string(r.racks) + " not in 0..1000");
  }
  if (!c.settle().empty()) {
    const auto settle = scenario::parse_duration(c.settle());
    if (!settle || *settle <= 0) {
      report(field("settle"), "capacity",
             "settle \"" + c.settle() + "\" is not a positive duration (e.g. \"10m\")");
    } else {
      r.settle = *settle;
    }
  }
  if (!problems.empty()) throw scenario::ScenarioError(problems);
  return out;
}

}  // namespace portolan::capacity
