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
#include <optional>
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
  // Whether the scheduler of `type` preempts (SchedulerConfig *_preemption).
  bool preempts(JobType type) const;
  // What Nomad's Preemptor would evict so that `ask` fits on `node`
  // (models/placement/preemption.h); nullopt when no allowed set does.
  std::optional<std::vector<int>> preemption_plan(int job, const GroupAsk& ask, int node,
                                                  const PreemptedCount& preempted) const;
  // Evicts `plan`'s allocations from `node`; their jobs are evaluated again.
  void evict(int job, int node, const std::vector<int>& plan, PreemptedCount& preempted);
  // preemption_plan, then evict; false when nothing allowed makes room.
  bool preempt_for(int job, const GroupAsk& ask, int node, PreemptedCount& preempted);
  // Generic preemption (generic_sched.go selectNextOption: the stack runs again with
  // Preempt set when nothing fits): among the evaluation's nodes where `ask` is only
  // exhausted, the one whose evictions have the lowest net priority (rank.go
  // PreemptionScoringIterator prefers it), the earliest in the evaluation's order on a tie;
  // -1 when no node can be made room on.
  int preemption_node(int job, const GroupAsk& ask, Evaluation& eval,
                      const PreemptedCount& preempted);

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
