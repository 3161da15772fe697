// The results of one run: the records behind design section 6's files.
//
// Records are appended in simulation order, so two runs of one scenario and seed produce equal
// records. Times are simulated nanoseconds (sim::Time); writers convert them to seconds. The
// wall-clock duration of the run is kept apart, in `wall_seconds`, the one field that differs
// between identical runs.
#ifndef PORTOLAN_MODELS_RESULTS_RESULTS_H_
#define PORTOLAN_MODELS_RESULTS_RESULTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/time.h"

namespace portolan::models {

// One placement attempt of one allocation (placements.csv).
struct PlacementRecord {
  sim::Time time = 0;
  std::string job;
  std::string group;
  int alloc_index = 0;
  std::string node;  // empty on failure
  bool placed = false;
  std::string reason;  // Nomad's wording of the exhausted dimension or filter, empty on success
  std::string ports;   // "label=port;label=port" in ask order, empty on failure
};

// When a consumer first held an instance's address (discovery.csv).
struct DiscoveryRecord {
  std::string service;
  std::string instance;
  std::string consumer;
  std::string path;
  sim::Time running = 0;
  sim::Time visible = 0;
};

// How long a consumer held a dead instance's address (stale.csv).
struct StaleRecord {
  std::string service;
  std::string instance;
  std::string consumer;
  sim::Time dead = 0;
  sim::Time forgotten = 0;
  std::int64_t failed_requests = 0;
};

// One sample of the cluster's state (timeseries.csv). Utilisations are fractions in [0, 1] of
// the schedulable capacity of the nodes that are up.
struct TimeseriesSample {
  sim::Time time = 0;
  std::int64_t queued = 0;   // allocations asked for and not placed
  std::int64_t running = 0;  // allocations placed and not stopped or lost
  double cpu = 0;
  double memory = 0;
  double ports = 0;          // share of the dynamic port ranges in use
  double fragmentation = 0;  // Cluster::fragmentation of the allocations waiting then
};

// An allocation evicted to make room for a higher-priority system allocation.
struct PreemptionRecord {
  sim::Time time = 0;
  std::string job;
  std::string group;
  int alloc_index = 0;
  std::string node;
  std::string by_job;  // the job whose placement evicted it
};

// One rollout of a new job version (summary.json "deployments").
struct DeploymentRecord {
  std::string job;
  int version = 0;
  sim::Time started = 0;
  sim::Time finished = -1;  // -1 while it has not ended
  // "successful", "failed" (a new allocation missed its healthy_deadline), "running", or
  // "awaiting promotion" (canaries healthy, auto_promote off)
  std::string status = "running";
  int placed = 0;    // new allocations placed, canaries included
  int canaries = 0;  // canaries placed
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  sim::Time sim_time = 0;  // simulated time at the end of the run
  std::uint64_t events = 0;
  std::vector<PlacementRecord> placements;
  std::vector<DiscoveryRecord> discovery;
  std::vector<StaleRecord> stale;
  std::vector<TimeseriesSample> timeseries;
  std::vector<DeploymentRecord> deployments;
  std::vector<PreemptionRecord> preemptions;
  double wall_seconds = 0;  // not deterministic; written only as summary.json's "wall_s"
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_RESULTS_H_
