// The engine's input: a scenario resolved into model terms.
//
// models/model_builder.h makes one from a validated scenario::Scenario (defaults applied,
// names resolved to indexes, jobs mutated as Nomad mutates them on submit); tests and other
// importers may build one directly. Everything here is a plain value.
#ifndef PORTOLAN_MODELS_MODEL_H_
#define PORTOLAN_MODELS_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "models/cluster.h"
#include "models/group_ask.h"
#include "sim/time.h"

namespace portolan::models {

struct PoolSpec {
  NodeShape shape;  // shape.pool names the pool
  int count = 0;
};

// Nomad's reschedule block (nomad/structs/structs.go DefaultServiceJobReschedulePolicy and
// DefaultBatchJobReschedulePolicy).
struct ReschedulePolicy {
  int attempts = 0;  // within `interval`; ignored when unlimited
  sim::Time interval = 0;
  sim::Time delay = 30 * sim::kSecond;
  std::string delay_function = "exponential";  // constant, exponential, fibonacci
  sim::Time max_delay = sim::kHour;
  bool unlimited = true;
};

struct JobSpec {
  std::string name;
  JobType type = JobType::kService;
  int priority = 50;
  std::vector<std::string> datacenters;
  std::vector<GroupAsk> groups;  // groups[i].group == i, groups[i].job == this job's index
  ReschedulePolicy reschedule;
  bool submit_at_start = true;  // false when a timeline event submits it
};

struct TimelineEvent {
  enum class Kind {
    kSubmitJob,
    kScaleGroup,
    kStopJob,
    kFailNode,
    kRecoverNode,
    kDrainNode,
    kAddNodes
  };
  sim::Time at = 0;
  Kind kind = Kind::kSubmitJob;
  int job = -1;
  int group = -1;
  int count = 0;           // kScaleGroup: new count; kAddNodes: how many
  std::string node;        // kFailNode, kRecoverNode, kDrainNode
  int pool = -1;           // kAddNodes
  sim::Time deadline = 0;  // kDrainNode
};

// Server-side node liveness (nomad/heartbeat.go, nomad/config.go DefaultConfig).
struct LivenessConfig {
  sim::Time min_heartbeat_ttl = 10 * sim::kSecond;
  double max_heartbeats_per_second = 50.0;
  sim::Time heartbeat_grace = 10 * sim::kSecond;
};

struct Model {
  std::string name;
  std::string algorithm = "binpack";
  std::vector<PoolSpec> pools;
  std::vector<JobSpec> jobs;
  std::vector<TimelineEvent> timeline;  // sorted by time, stable
  LivenessConfig liveness;
  std::uint64_t seed = 1;
  sim::Time horizon = sim::kHour;
  sim::Time sample_interval = 10 * sim::kSecond;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_MODEL_H_
