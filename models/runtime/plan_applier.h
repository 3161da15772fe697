// Commits the scheduler's decisions to the cluster: a placement takes its node's resources and
// ports, a stop gives them back (nomad/plan_apply.go: the leader applies each plan's node
// allocations and stops; here every plan is applied as made, since one worker runs at a time).
//
// Contract. place() and stop() are the only code that changes what a node holds; both keep
// the node, the cluster's usage, the allocation table and the group's live set in step. A
// placement is recorded in the results at once and told, in this order, to the client (the
// allocation runner starts it), the drainer (it may replace a migrated allocation) and the
// deployment watcher (its healthy_deadline). A stop deregisters the allocation's services
// first and its tasks keep serving for shutdown_delay, except when the allocation is lost with
// its node.
#ifndef PORTOLAN_MODELS_RUNTIME_PLAN_APPLIER_H_
#define PORTOLAN_MODELS_RUNTIME_PLAN_APPLIER_H_

#include "models/discovery/discovery.h"
#include "models/placement/scheduler.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

class AllocRunner;
class DeploymentWatcher;
class Drainer;

class PlanApplier {
 public:
  PlanApplier(RunState& state, Discovery& discovery, AllocRunner& runner, Drainer& drainer,
              DeploymentWatcher& deployments)
      : state_(state),
        discovery_(discovery),
        runner_(runner),
        drainer_(drainer),
        deployments_(deployments) {}

  // Commits allocation `index` of the ask's group on the chosen node; returns its id.
  int place(const GroupAsk& ask, int index, const PlacementChoice& choice);
  // Records a placement attempt that found no node.
  void record_failure(const GroupAsk& ask, int index, const PlacementMetric& metric);
  // Ends a live allocation (no-op on one already ended) with `end` as its final state.
  void stop(int id, AllocState end);

 private:
  RunState& state_;
  Discovery& discovery_;
  AllocRunner& runner_;
  Drainer& drainer_;
  DeploymentWatcher& deployments_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_PLAN_APPLIER_H_
