// A capacity question, read from a scenario's `capacity` field (scenario.proto
// CapacityRequest) with its defaults applied: the candidate shapes and the requirements a
// candidate cluster must meet (docs/capacity.md).
//
// Invariants after read_request: at least one shape; shape names unique and non-empty;
// 0 <= min_count <= max_count; cost_per_hour >= 0; seeds >= 1; seed_share in (0, 1];
// dynamic_ports_free in [0, 1); settle > 0. Every problem is reported at once, each as
// "FILE:LINE: capacity shape "large": max_count is required".
#ifndef PORTOLAN_CAPACITY_CAPACITY_REQUEST_H_
#define PORTOLAN_CAPACITY_CAPACITY_REQUEST_H_

#include <string>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/scenario.pb.h"
#include "sim/time.h"

namespace portolan::capacity {

struct Shape {
  scenario::NodePool pool;  // pool.name() is the shape's name
  double cost_per_hour = 0;
  int min_count = 0;
  int max_count = 0;
};

struct Requirements {
  int failures_allowed = 0;
  int seeds = 20;
  double seed_share = 1.0;
  int node_failures = 0;
  bool rack_failure = false;
  bool datacenter_failure = false;
  bool update_all_jobs = false;
  double dynamic_ports_free = 0;
  int racks = 0;
  sim::Time settle = 10 * sim::kMinute;

  // Seeds that must pass: ceil(seed_share x seeds).
  int seeds_needed() const;
};

struct CapacityRequest {
  std::vector<Shape> shapes;
  Requirements requirements;
  std::string source;  // the scenario file, for messages
};

// Throws scenario::ScenarioError listing every problem (none: no `capacity` field either).
CapacityRequest read_request(const scenario::LoadedScenario& loaded);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_CAPACITY_REQUEST_H_
