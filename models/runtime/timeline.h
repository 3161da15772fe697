// The timeline driver: builds the cluster, submits the jobs due at t = 0 and replays the
// scenario's timeline events, each as an operator or the infrastructure would cause it (job
// register, scale, update and stop through the job endpoints; node failure, recovery, drain
// and new nodes), by calling the component that owns it.
//
// Contract. start() adds the pools' nodes in order, adopts the running allocations, submits the
// jobs no submit_job event names, then schedules every timeline event at its time; events of one
// time run in the timeline's order. An event naming a node that does not exist is a no-op;
// fail_node by allocation fails the node of that allocation at the event's time, a no-op when none
// is live.
#ifndef PORTOLAN_MODELS_RUNTIME_TIMELINE_H_
#define PORTOLAN_MODELS_RUNTIME_TIMELINE_H_

#include "models/discovery/discovery.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

class AllocRunner;
class DeploymentWatcher;
class Drainer;
class EvalBroker;
class Heartbeater;
class PlanApplier;

class Timeline {
 public:
  struct Components {
    Discovery& discovery;
    EvalBroker& broker;
    PlanApplier& plans;
    DeploymentWatcher& deployments;
    AllocRunner& runner;
    Heartbeater& heartbeats;
    Drainer& drainer;
  };

  Timeline(RunState& state, const Components& components) : state_(state), c_(components) {}

  void start();

 private:
  void apply(const TimelineEvent& e);
  // Places a snapshot's running allocation at t = 0.
  void adopt(const RunningAllocSpec& running);
  void submit(int job);
  void stop_job(int job);
  void add_nodes(int pool, int count);
  void add_node(const NodeShape& shape);

  RunState& state_;
  Components c_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_TIMELINE_H_
