// What one allocation of a task group asks of a node: the scheduler's view of a group.
//
// Built once per job version from the scenario (models/job_asks.h), after Nomad's job-submit
// mutations: a Connect sidecar adds its task's resources and a dynamic port
// "connect-proxy-<service>" to the group network (nomad/job_endpoint_hook_connect.go,
// injectPort), and constraints are gathered from job, group and tasks.
#ifndef PORTOLAN_MODELS_SPEC_GROUP_ASK_H_
#define PORTOLAN_MODELS_SPEC_GROUP_ASK_H_

#include <set>
#include <string>
#include <vector>

#include "models/cluster/network_index.h"
#include "models/cluster/resources.h"
#include "models/feasible/constraints.h"
#include "models/feasible/scoring.h"
#include "models/spec/lifecycle_policy.h"
#include "sim/time.h"

namespace portolan::models {

enum class JobType { kService, kBatch, kSystem, kSysbatch };

struct GroupAsk {
  int job = 0;
  int group = 0;
  std::string job_name;
  std::string group_name;
  JobType type = JobType::kService;
  int priority = 50;
  int count = 1;
  std::vector<std::string> datacenters;
  std::string node_pool = "default";  // the job's; "all" for every node
  ResourceVector resources = ResourceVector::Zero();
  // Between deregistering its services and killing its tasks (group shutdown_delay).
  sim::Time shutdown_delay = 0;
  RestartPolicy restart;  // the group's (its tasks share it)
  MigratePolicy migrate;
  std::string network_mode = "host";  // "host", "bridge", "cni/<name>", "none"
  std::vector<PortAsk> ports;         // the group network's ports, sidecar ports included
  std::set<std::string> drivers;
  // Job, group and task constraints, in that order, without the two stateful operands below.
  std::vector<Constraint> constraints;
  std::vector<Affinity> affinities;  // job, group, tasks
  std::vector<Spread> job_spreads;
  std::vector<Spread> group_spreads;
  bool job_distinct_hosts = false;
  bool group_distinct_hosts = false;
  std::vector<Constraint> distinct_properties;  // ltarget = the property, rtarget = the limit
  bool has_affinities_or_spreads() const {
    return !affinities.empty() || !job_spreads.empty() || !group_spreads.empty();
  }
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_SPEC_GROUP_ASK_H_
