// A scheduler worker (nomad/worker.go with scheduler/generic_sched.go and
// scheduler_system.go): takes the broker's evaluations and turns each into placements,
// stops and failures.
//
// Contract. Generic jobs are reconciled (models/runtime/reconciler.h) and their missing
// allocations placed one at a time on the generic stack; after a group's first failure the
// rest of the group's placements are coalesced into it (computePlacements,
// CoalescedFailures). System jobs get one allocation per feasible node; a feasible node that
// is full is a failure, and may be made room on by preemption (scheduler/preemption.go) when
// the scenario allows it. A batch policy ("optimal") places every missing allocation of the
// batch's generic jobs in one assignment, after their rollouts, reschedules, scale-downs and
// the system jobs are settled, so nothing changes the cluster between the assignment and its
// commits. An evaluation that leaves allocations unplaced blocks its job.
#ifndef PORTOLAN_MODELS_RUNTIME_SCHEDULER_WORKER_H_
#define PORTOLAN_MODELS_RUNTIME_SCHEDULER_WORKER_H_

#include <map>
#include <utility>
#include <vector>

#include "models/placement/placement_policy.h"
#include "models/placement/scheduler.h"
#include "models/runtime/reconciler.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

class DeploymentWatcher;
class EvalBroker;
class PlanApplier;

class SchedulerWorker {
 public:
  SchedulerWorker(RunState& state, const sim::RngStreams& streams, Scheduler& scheduler,
                  const PlacementPolicy& policy, Reconciler& reconciler, PlanApplier& plans,
                  DeploymentWatcher& deployments, EvalBroker& broker)
      : state_(state),
        streams_(streams),
        scheduler_(scheduler),
        policy_(policy),
        reconciler_(reconciler),
        plans_(plans),
        deployments_(deployments),
        broker_(broker) {}

  // Evaluates the broker's batch, in its order.
  void evaluate(const std::vector<int>& jobs);

 private:
  // Evicted allocations so far in one system evaluation, by (job, group).
  using PreemptedCount = std::map<std::pair<int, int>, int>;

  // Begins the job's next evaluation, on a stream of its own ("eval/<job>#<ordinal>").
  Evaluation begin(int job, bool batch_stack);
  void evaluate_generic(int job);
  void evaluate_system(int job);
  void evaluate_batch(const std::vector<int>& jobs);
  void finish(int job, const Reconciled& r);
  // Evicts what Nomad's Preemptor would so that `ask` fits on `node`
  // (models/placement/preemption.h); false when no allowed set does. The evicted allocations'
  // jobs are evaluated again.
  bool preempt_for(int job, const GroupAsk& ask, int node, PreemptedCount& preempted);

  RunState& state_;
  const sim::RngStreams& streams_;
  Scheduler& scheduler_;
  const PlacementPolicy& policy_;
  Reconciler& reconciler_;
  PlanApplier& plans_;
  DeploymentWatcher& deployments_;
  EvalBroker& broker_;
  std::map<int, int> evaluations_;  // evaluations begun so far, by job
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_SCHEDULER_WORKER_H_
