// What the workload asks once it has settled, at run.horizon: each group's copies and per-copy
// resources and static ports, for the planner's lower bounds (capacity/lower_bound.h).
//
// The state at the horizon replays the timeline's submit_job, stop_job and scale_group events
// up to and including run.horizon (a job no submit_job names is submitted at 0). The bounds
// assume that what is submitted by the horizon is placed by then, as the planner's verdicts do.
#ifndef PORTOLAN_CAPACITY_WORKLOAD_DEMAND_H_
#define PORTOLAN_CAPACITY_WORKLOAD_DEMAND_H_

#include <string>
#include <utility>
#include <vector>

#include "scenarios/group_resources.h"
#include "scenarios/scenario.pb.h"

namespace portolan::capacity {

struct GroupDemand {
  std::string job;
  std::string group;
  std::string type;     // the job's type: service, batch, system, sysbatch
  bool system = false;  // system and sysbatch: one copy per eligible node
  // The job or group has constraints or a network mode other than host: where a system job
  // runs is then not known to the bounds, which leave it out.
  bool constrained = false;
  std::vector<std::string> drivers;      // its tasks' drivers
  std::vector<std::string> datacenters;  // the job's, patterns as Nomad matches them
  int count = 0;                         // copies at the horizon (system: 1 per node)
  scenario::GroupResources ask;
  std::vector<std::pair<std::string, int>> static_ports;  // (host network, port)
};

// Copies that a distinct_hosts constraint puts on distinct nodes (scheduler/feasible/
// feasible.go DistinctHostsIterator): a job-level constraint spreads every copy of the job, a
// group-level one the group's.
struct DistinctHosts {
  std::string what;  // "job \"web\"" or "group \"web.app\""
  int copies = 0;
};

struct Demand {
  std::vector<GroupDemand> groups;            // in the scenario's order of jobs and groups
  std::vector<DistinctHosts> distinct_hosts;  // service and batch jobs
};

// `s` with defaults applied.
Demand workload_demand(const scenario::Scenario& s);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_WORKLOAD_DEMAND_H_
