// Which allocations a placement on one node evicts (nomad/scheduler/preemption.go Preemptor),
// for the schedulers that preempt: by Nomad's default SchedulerConfiguration the system
// scheduler only (nomad/config.go DefaultConfig PreemptionConfig); sysbatch, batch and service
// when the scenario's cluster.scheduler enables them.
//
// Rules, as Preemptor implements them:
// - Only allocations whose job priority is at least 10 below the placing job's are candidates
//   (filterAndGroupPreemptibleAllocs: jobPriority - priority < 10 is skipped).
// - Static ports (PreemptForNetwork): each asked static port held by another allocation needs
//   that allocation evicted; held by one that may not be, the node stays exhausted.
// - cpu, memory, disk (PreemptForTaskGroup): candidates grouped by priority, lowest first;
//   within a group the allocation closest to what is still needed (basicResourceDistance, plus
//   50 per allocation of the same job and group already preempted beyond its migrate
//   max_parallel) goes next, until the node's free resources cover the ask; then
//   filterSuperset keeps, sorted by distance to the whole ask descending, only as many as
//   cover it.
#ifndef PORTOLAN_MODELS_PLACEMENT_PREEMPTION_H_
#define PORTOLAN_MODELS_PLACEMENT_PREEMPTION_H_

#include <optional>
#include <vector>

#include "models/cluster/resources.h"

namespace portolan::models {

struct PreemptionCandidate {
  int id = 0;
  int priority = 0;
  ResourceVector resources = ResourceVector::Zero();
  std::vector<int> static_ports;  // host ports it holds
  int max_parallel = 0;           // its group's migrate max_parallel
  int already_preempted = 0;      // of its job and group, earlier in this evaluation
};

// The allocations to evict so that an ask of `ask` with `static_ports` fits on a node with
// `free` resources (schedulable minus used), or nullopt when no allowed set does. An empty
// result means nothing needs evicting.
std::optional<std::vector<int>> plan_preemption(int job_priority, const ResourceVector& free,
                                                const ResourceVector& ask,
                                                const std::vector<int>& static_ports,
                                                const std::vector<PreemptionCandidate>& candidates);

// basicResourceDistance(needed, used): the Euclidean norm of (needed - used) / needed over
// memory, cpu and disk, each coordinate 0 where nothing is needed.
double resource_distance(const ResourceVector& needed, const ResourceVector& used);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_PLACEMENT_PREEMPTION_H_
