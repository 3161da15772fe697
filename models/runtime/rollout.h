// One step of a deployment: which allocations of a task group to replace now, under the job's
// update block (nomad/scheduler/reconciler: computeGroup, with the deployment watcher gating
// each step on health).
//
// Contract. `live` holds the group's live allocations; new_version ones belong to the version
// being deployed. With canaries wanted and not yet promoted, the step places the missing
// canaries (beside the old allocations, taking the name indexes of old ones) and stops
// nothing. Otherwise it stops old allocations, lowest index first, as long as fewer than
// max_parallel new allocations are placed and not yet healthy; each stopped one is replaced
// by a new allocation with its index unless a new one already holds that index (a promoted
// canary), and such covered stops do not use up max_parallel. max_parallel 0 replaces every
// old allocation at once. The step never places more than it stops plus the missing canaries;
// growing or shrinking the group is the caller's.
#ifndef PORTOLAN_MODELS_RUNTIME_ROLLOUT_H_
#define PORTOLAN_MODELS_RUNTIME_ROLLOUT_H_

#include <vector>

#include "models/spec/lifecycle_policy.h"

namespace portolan::models {

struct RolloutAlloc {
  int id = 0;
  int index = 0;  // the name index, "job.group[index]"
  bool new_version = false;
  bool healthy = false;
};

struct RolloutStep {
  std::vector<int> stop;           // allocation ids
  std::vector<int> place_indexes;  // name indexes of new allocations to place
  bool canary_phase = false;       // the step placed (or waits for) canaries
  int canaries = 0;                // canary phase: the new allocations already live
  bool promotable = false;         // canary phase: no canary left to place, all healthy
  bool done = false;               // no old allocation left and every new one healthy
};

RolloutStep plan_rollout(const UpdatePolicy& policy, bool promoted,
                         const std::vector<RolloutAlloc>& live);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_ROLLOUT_H_
