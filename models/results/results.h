// The results of one run: the records behind design section 6's files.
//
// Records are appended in simulation order, so two runs of one scenario and seed produce equal
// records. Times are simulated nanoseconds (sim::Time); writers convert them to seconds. The
// wall-clock duration of the run is kept apart, in `wall_seconds`, the one field that differs
// between identical runs.
#ifndef PORTOLAN_MODELS_RESULTS_RESULTS_H_
#define PORTOLAN_MODELS_RESULTS_RESULTS_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/results/allocation_id.h"
#include "models/results/interned_string.h"
#include "models/results/placement_metric.h"
#include "models/results/port_bindings.h"
#include "models/results/retained_scores.h"
#include "sim/time.h"

namespace portolan::models {

// One placement attempt of one allocation (placements.csv, placement_metrics.jsonl).
// Millions in a large run: names are interned and ports kept as values (4 and 12 bytes).
struct PlacementRecord {
  sim::Time time = 0;
  InternedString job;
  InternedString group;
  int alloc_index = 0;
  InternedString node;  // empty on failure
  bool placed = false;
  InternedString reason;  // PlacementMetric::blocking_reason() of a failure, empty on success
  PortBindings ports;     // in ask order, empty on failure
  int alloc = -1;         // the placed allocation's id (index into RunResult::allocations)
  // A failure coalesced into an earlier one of its group (CoalescedFailures): that attempt's
  // index in RunResult::placements; -1 otherwise.
  int coalesced_into = -1;
  PlacementMetric metric;  // empty for a coalesced failure (see coalesced_into)
};

// Nomad's allocation name, "job.group[index]" (AllocName, nomad/structs/funcs.go). Not stored per
// allocation: a run of millions builds it only where it is written or keyed.
inline std::string allocation_name(std::string_view job, std::string_view group, int index) {
  std::string name;
  name.reserve(job.size() + group.size() + 8);
  name.append(job).append(".").append(group).append("[").append(std::to_string(index)).append("]");
  return name;
}

// One allocation's life (allocations.csv), in the terms of `nomad alloc status`.
struct AllocationRecord {
  AllocationId id;  // UUID-shaped, deterministic for the scenario and seed
  InternedString job;
  InternedString group;
  int index = 0;
  int version = 0;  // the job version it runs
  InternedString node;
  int previous = -1;       // the allocation it replaces (an index into RunResult::allocations)
  int next = -1;           // the allocation that replaces it
  sim::Time placed = 0;    // client status pending
  sim::Time running = -1;  // first start of its tasks; -1 never
  sim::Time healthy = -1;  // first healthy; -1 never
  sim::Time ended = -1;    // -1 while live at the end of the run
  int restarts = 0;        // task restarts after the first start
  InternedString client_status;   // pending, running, complete, failed, lost
  InternedString desired_status;  // run, stop, evict
  InternedString end_reason;      // why it ended; empty while live

  // "job.group[index]": a replacement has its predecessor's name.
  std::string name() const { return allocation_name(job, group, index); }
};

// Something that happened to a node (node_events.csv).
struct NodeEventRecord {
  sim::Time time = 0;
  std::string node;
  std::string event;   // joined, failed, down, recovered, drain started, drain complete
  std::string detail;  // e.g. the allocations lost or left at a drain's deadline
};

// When a consumer first held an instance's address (discovery.csv). When the instance was
// running before the consumer started, the record is the consumer's bootstrap, not discovery
// latency (docs/metrics.md).
struct DiscoveryRecord {
  std::string service;
  std::string path;
  int instance_alloc = -1;  // its name: RunResult::alloc_name (column "instance")
  std::string consumer;     // the consumer's name in the scenario
  int consumer_alloc = -1;
  sim::Time running = 0;           // the instance's tasks started
  sim::Time consumer_started = 0;  // the consumer's task (re)started and began to watch
  sim::Time visible = 0;
  bool bootstrap() const { return running < consumer_started; }
  // Discovery latency, or for a bootstrap record the consumer's bootstrap time.
  sim::Time delay() const { return visible - (bootstrap() ? consumer_started : running); }
};

// How long a consumer held a dead instance's address (stale.csv).
struct StaleRecord {
  std::string service;
  std::string path;
  int instance_alloc = -1;
  std::string consumer;
  int consumer_alloc = -1;
  sim::Time dead = 0;
  sim::Time learnt = 0;  // when the consumer got the address (may be after the death)
  sim::Time forgotten = 0;
  std::int64_t failed_requests = 0;
  sim::Time stale() const { return forgotten - std::max(dead, learnt); }
};

// How well placed the cluster is at one sample (summary.json placement_quality,
// docs/metrics.md). Over the nodes that are up; "used" nodes hold at least one allocation.
struct JobConcentration {
  double node = 0;        // the largest share of the job's live allocations on one node
  double rack = 0;        // ... on one rack (datacenter and rack)
  double datacenter = 0;  // ... in one datacenter
};
struct PlacementQuality {
  int nodes_in_use = 0;
  // Utilisation of the used nodes' schedulable cpu, memory and disk: mean, population standard
  // deviation and max over those nodes (0 when none is used).
  double util_mean[3] = {0, 0, 0};
  double util_std[3] = {0, 0, 0};
  double util_max[3] = {0, 0, 0};
  int allocs_max = 0;     // most allocations on one node that is up
  double allocs_std = 0;  // population standard deviation of allocations per node that is up
  std::map<std::string, JobConcentration> jobs;  // jobs with live allocations, by name
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
  PlacementQuality quality;  // summarised in summary.json, not written per sample
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
  std::vector<AllocationRecord> allocations;  // by allocation id
  std::vector<NodeEventRecord> node_events;
  // The retained node scores of the placements (PlacementMetric::scores names each one's).
  RetainedScores scores;
  // The cluster's node names by index: the names of the nodes placement metrics score
  // (NodeScoreMeta::node).
  std::vector<std::string> node_names;
  double wall_seconds = 0;  // not deterministic; written only as summary.json's "wall_s"

  // The name ("web.app[0]") and id of allocation `alloc`; "" for -1 or an id not held.
  std::string alloc_name(int alloc) const {
    const AllocationRecord* a = allocation(alloc);
    return a != nullptr ? a->name() : std::string();
  }
  std::string alloc_uid(int alloc) const {
    const AllocationRecord* a = allocation(alloc);
    return a != nullptr ? a->id.str() : std::string();
  }

 private:
  const AllocationRecord* allocation(int alloc) const {
    if (alloc < 0 || static_cast<std::size_t>(alloc) >= allocations.size()) return nullptr;
    return &allocations[static_cast<std::size_t>(alloc)];
  }
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_RESULTS_H_
