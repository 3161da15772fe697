// The engine's input: a scenario resolved into model terms.
//
// models/spec/model_builder.h makes one from a validated scenario::Scenario (defaults applied,
// names resolved to indexes, jobs mutated as Nomad mutates them on submit); tests and other
// importers may build one directly. Everything here is a plain value.
#ifndef PORTOLAN_MODELS_SPEC_MODEL_H_
#define PORTOLAN_MODELS_SPEC_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/spec/group_ask.h"
#include "models/spec/lifecycle_policy.h"
#include "sim/time.h"

namespace portolan::models {

struct PoolSpec {
  NodeShape shape;  // shape.pool names the pool
  int count = 0;
};

struct JobSpec {
  std::string name;
  JobType type = JobType::kService;
  int priority = 50;
  std::vector<std::string> datacenters;
  std::string node_pool = "default";  // "all": every node
  std::vector<GroupAsk> groups;       // groups[i].group == i, groups[i].job == this job's index
  ReschedulePolicy reschedule;
  UpdatePolicy update;
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
    kAddNodes,
    kUpdateJob,
    kFailAlloc
  };
  sim::Time at = 0;
  Kind kind = Kind::kSubmitJob;
  // kFailNode by allocation (`node` empty): the node of the live allocation
  // "job.group[index]" at `at`, resolved then by the timeline.
  int job = -1;
  int group = -1;
  int count = 0;           // kScaleGroup: new count; kAddNodes: how many; kFailAlloc: times
  int index = 0;           // kFailAlloc, kFailNode by allocation: the allocation's name index
  std::string node;        // kFailNode (or empty: by allocation), kRecoverNode, kDrainNode
  int pool = -1;           // kAddNodes
  sim::Time deadline = 0;  // kDrainNode
};

// Server-side node liveness (nomad/heartbeat.go, nomad/config.go DefaultConfig).
struct LivenessConfig {
  sim::Time min_heartbeat_ttl = 10 * sim::kSecond;
  double max_heartbeats_per_second = 50.0;
  sim::Time heartbeat_grace = 10 * sim::kSecond;
};

// A service a group registers (the group's `service` block).
struct ServiceSpec {
  std::string name;
  int job = 0;
  int group = 0;
  std::string port_label;
  bool consul = true;            // provider "consul" (Nomad's default) or "nomad"
  sim::Time check_interval = 0;  // the first check's interval; 0 when there is no check
  bool connect = false;
};

enum class ConsumerPath { kEnv, kLocalhost, kTemplate, kDns, kConnect };

// A task that uses a service, and how it learns the service's addresses.
struct ConsumerSpec {
  std::string name;
  int job = 0;
  int group = 0;
  std::string task;
  std::string driver = "docker";  // the task's driver: a restart costs one driver start
  std::string service;
  ConsumerPath path = ConsumerPath::kTemplate;
  double request_rate = 1.0;  // requests per second
  // The task's template on the service (client/config DefaultTemplateConfig: 5s, 4m, restart).
  sim::Time wait_min = 5 * sim::kSecond;
  sim::Time wait_max = 4 * sim::kMinute;
  std::string change_mode = "restart";
};

// An allocation running when the run starts (Scenario.allocations): placed at t = 0 on `node`
// with these host ports, before any evaluation.
struct RunningAllocSpec {
  int job = 0;
  int group = 0;
  int index = 0;
  std::string node;
  std::map<std::string, int> ports;  // label -> host port
  std::string id;                    // Nomad's allocation ID; "": one is derived
};

struct PropagationConfig {
  std::map<std::string, sim::Time> driver_start_mean;  // by driver
  sim::Time default_driver_start_mean = 100 * sim::kMillisecond;
  sim::Time consul_ae_interval = sim::kMinute;
  sim::Time dns_ttl = 0;
  sim::Time xds_push = 50 * sim::kMillisecond;
  sim::Time gossip_probe_interval = sim::kSecond;
  int gossip_suspicion_mult = 4;
  sim::Time intra_rack = 100 * sim::kMicrosecond;
  sim::Time inter_rack = 250 * sim::kMicrosecond;
  sim::Time inter_dc = 10 * sim::kMillisecond;
  sim::Time to_servers = 250 * sim::kMicrosecond;
  int nomad_servers = 3;
  int consul_servers = 3;
  std::string servers_datacenter;  // "": each node's own datacenter
};

struct Model {
  std::string name;
  std::string algorithm = "binpack";
  // Node pools' own scheduler_algorithm, overriding `algorithm` for their jobs.
  std::map<std::string, std::string> pool_algorithms;
  // Which schedulers preempt (nomad/config.go DefaultConfig: only the system scheduler).
  bool system_preemption = true;
  bool sysbatch_preemption = false;
  bool batch_preemption = false;
  bool service_preemption = false;
  std::vector<PoolSpec> pools;
  std::vector<JobSpec> jobs;
  std::vector<TimelineEvent> timeline;    // sorted by time, stable
  std::vector<RunningAllocSpec> running;  // in the scenario's order
  LivenessConfig liveness;
  std::vector<ServiceSpec> services;
  std::vector<ConsumerSpec> consumers;
  PropagationConfig propagation;
  std::uint64_t seed = 1;
  sim::Time horizon = sim::kHour;
  sim::Time sample_interval = 10 * sim::kSecond;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_SPEC_MODEL_H_
