// Job versions and their rollouts (nomad/deploymentwatcher, scheduler/reconciler
// computeGroup): a new version of a service or batch job is deployed group by group under the
// job's update block, each step gated on the health of the new allocations.
//
// Contract. update() starts a deployment record (a newer version cancels the one still
// running). Each evaluation of the job takes one step per group (models/runtime/rollout.h):
// canaries first, promoted once all are healthy when auto_promote is on (else the deployment
// waits, "awaiting promotion"); then old allocations are replaced max_parallel at a time. A new
// allocation not healthy by healthy_deadline fails the deployment; the worker ends it
// "successful" once every group is rolled out with nothing unplaced. System jobs have no
// deployment: their allocations are replaced max_parallel at a time, `stagger` apart.
#ifndef PORTOLAN_MODELS_RUNTIME_DEPLOYMENT_WATCHER_H_
#define PORTOLAN_MODELS_RUNTIME_DEPLOYMENT_WATCHER_H_

#include "models/placement/scheduler.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

class EvalBroker;
class PlanApplier;

struct RolloutOutcome {
  bool done = false;
  bool unplaced = false;
  int canaries = 0;  // canaries live beside the old allocations (not counted against count)
};

class DeploymentWatcher {
 public:
  DeploymentWatcher(RunState& state, Scheduler& scheduler, PlanApplier& plans, EvalBroker& broker)
      : state_(state), scheduler_(scheduler), plans_(plans), broker_(broker) {}

  // A new version of the job is submitted.
  void update(int job);
  // One deployment step for a group, within an evaluation of its job.
  RolloutOutcome roll_out(int job, int group, Evaluation& eval);
  // Ends the job's running deployment, if any, with `status`.
  void end(int job, const char* status);
  // A new allocation was placed: while a deployment runs, it must be healthy in time.
  void on_placed(int id);

 private:
  // Nomad's update block for system jobs (docs, job-specification/update): "the job is
  // updated at a rate of max_parallel, waiting stagger duration before the next set of
  // updates"; max_parallel 0 replaces every allocation at once. Old allocations go in node
  // order; the system evaluation places the new version on the nodes they free.
  void update_system_batch(int job, int version);

  RunState& state_;
  Scheduler& scheduler_;
  PlanApplier& plans_;
  EvalBroker& broker_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_DEPLOYMENT_WATCHER_H_
