// The reconciler (scheduler/reconciler): what an evaluation of a generic job must change so
// that each group has `count` allocations of the current version.
//
// Contract. Per group, in this order: the deployment step (models/runtime/
// deployment_watcher.h) when a deployment runs; failed allocations whose reschedule delay has
// passed are replaced, with their name index, the penalty on the node they failed on and their
// line's reschedule history (after a group's first failed replacement the rest wait); then the
// group is scaled down (highest name indexes first, structs.AllocNameIndex.Highest) or its
// missing allocations are listed with the lowest free name indexes (AllocNameIndex.Next) for
// the worker to place. Canaries live beside the old allocations and do not count against count.
#ifndef PORTOLAN_MODELS_RUNTIME_RECONCILER_H_
#define PORTOLAN_MODELS_RUNTIME_RECONCILER_H_

#include <utility>
#include <vector>

#include "models/placement/scheduler.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

class DeploymentWatcher;
class EvalBroker;
class PlanApplier;

// What an evaluation of a generic job leaves to place, once its rollout, reschedules and
// scale-down are settled.
struct Reconciled {
  std::vector<std::pair<const GroupAsk*, int>> missing;  // (group, name index)
  bool unplaced = false;
  bool freed = false;
  bool rolled_out = true;  // every group's rollout is done
};

class Reconciler {
 public:
  Reconciler(RunState& state, Scheduler& scheduler, PlanApplier& plans,
             DeploymentWatcher& deployments, EvalBroker& broker)
      : state_(state),
        scheduler_(scheduler),
        plans_(plans),
        deployments_(deployments),
        broker_(broker) {}

  Reconciled reconcile(int job, Evaluation& eval);

  // The allocation failed for good: it is replaced after the reschedule policy's delay, or
  // never once the policy's attempts are used up (filterByRescheduleable; the follow-up
  // evaluation waits until the delay has passed). System allocations are not rescheduled.
  void on_failed(int id);

 private:
  RunState& state_;
  Scheduler& scheduler_;
  PlanApplier& plans_;
  DeploymentWatcher& deployments_;
  EvalBroker& broker_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_RECONCILER_H_
