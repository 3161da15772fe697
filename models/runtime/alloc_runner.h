// The client side of an allocation (client/allocrunner): pull and start its tasks, judge its
// health, restart crashed tasks under the restart policy, and report a failure for good.
//
// Contract. An allocation placed at t starts at t + Discovery::start_delay unless it was
// stopped or its node failed meanwhile. It turns healthy once its checks pass and it stays up
// for min_healthy_time: the update block's when it belongs to the version being deployed, the
// migrate block's otherwise (client/allochealth). A crash keeps the allocation's resources and
// ports while it waits out the restart tracker's delay; when the tracker gives up the
// allocation fails, and the reconciler decides on its replacement. Each allocation's restart
// jitter draws from a stream of its own, "restarts/<allocation id>".
#ifndef PORTOLAN_MODELS_RUNTIME_ALLOC_RUNNER_H_
#define PORTOLAN_MODELS_RUNTIME_ALLOC_RUNNER_H_

#include <map>

#include "models/discovery/discovery.h"
#include "models/runtime/run_state.h"
#include "sim/rng.h"

namespace portolan::models {

class Drainer;
class EvalBroker;
class Heartbeater;
class PlanApplier;
class Reconciler;

class AllocRunner {
 public:
  AllocRunner(RunState& state, Discovery& discovery, PlanApplier& plans, Reconciler& reconciler,
              EvalBroker& broker, Drainer& drainer, const Heartbeater& heartbeats,
              const sim::RngStreams& streams)
      : state_(state),
        discovery_(discovery),
        plans_(plans),
        reconciler_(reconciler),
        broker_(broker),
        drainer_(drainer),
        heartbeats_(heartbeats),
        streams_(streams) {}

  // The client learns of a new allocation and starts it after its start delay.
  void on_placed(int id);
  // The allocation was running before the run started: its tasks run now, no start delay.
  void adopt(int id);
  // The tasks of "job.group[index]" exit with an error `times` times in a row.
  void fail_tasks(int job, int group, int index, int times);
  // The node came back before the servers noticed it was gone: its client restores the
  // allocations it still has and starts their tasks again (client/client.go restoreState).
  void restore(int node);

 private:
  // Starts the allocation's tasks; false when it was stopped or its node failed first.
  bool start(int id);
  void healthy(int id, int starts);
  // The restart tracker decides: restart after its delay, or give up and fail. The tasks stop
  // serving at once (their services deregister).
  void crash(int id, int remaining);
  void fail(int id);

  RunState& state_;
  Discovery& discovery_;
  PlanApplier& plans_;
  Reconciler& reconciler_;
  EvalBroker& broker_;
  Drainer& drainer_;
  const Heartbeater& heartbeats_;
  const sim::RngStreams& streams_;
  std::map<int, sim::Rng> restart_rngs_;  // by allocation, made at its first crash
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_ALLOC_RUNNER_H_
