#include "models/runtime/heartbeater.h"

#include "models/runtime/alloc_runner.h"
#include "models/runtime/eval_broker.h"
#include "models/runtime/liveness.h"
#include "models/runtime/plan_applier.h"

namespace portolan::models {

void Heartbeater::fail(int node) {
  if (node < 0 || state_.cluster.node(node).status == NodeStatus::kDown) return;
  sim::Rng rng = streams_.stream("liveness/" + state_.cluster.node(node).name + "#" +
                                 std::to_string(failures_[node]++));
  const sim::Time delay =
      failure_detection_delay(state_.model.liveness, state_.cluster.size(), rng);
  failed_.insert(node);
  state_.record_node_event(node, "failed");
  discovery_.on_node_failed(node);
  state_.sim.schedule_after(delay, [this, node] { mark_down(node); });
}

void Heartbeater::mark_down(int node) {
  if (failed_.erase(node) == 0) return;  // recovered before it was noticed
  Node& n = state_.cluster.node(node);
  n.status = NodeStatus::kDown;
  discovery_.on_node_down(node);
  std::set<int> affected;
  const std::vector<int> live = n.allocs;
  for (const int id : live) {
    affected.insert(state_.alloc(id).job);
    plans_.stop(id, StopCause::kNodeLost);
  }
  // Lost allocations are replaced at once; the reschedule policy governs failed ones
  // (scheduler/reconciler: lost allocations are placed without a reschedule delay).
  state_.record_node_event(node, "down", std::to_string(live.size()) + " allocations lost");
  for (const int job : affected) {
    if (!state_.is_system(job)) broker_.enqueue(job);
  }
}

void Heartbeater::recover(int node) {
  if (node < 0) return;
  const bool unnoticed = failed_.erase(node) != 0;
  if (unnoticed || state_.cluster.node(node).status == NodeStatus::kDown) {
    state_.record_node_event(node, "recovered", unnoticed ? "before it was marked down" : "");
  }
  if (unnoticed) runner_.restore(node);
  Node& n = state_.cluster.node(node);
  n.status = NodeStatus::kReady;
  n.eligible = true;
  n.draining = false;
  broker_.node_joined();
}

}  // namespace portolan::models
