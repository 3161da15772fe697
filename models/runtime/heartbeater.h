// Node liveness on the servers (nomad/heartbeat.go): a failed node stops heartbeating, and the
// servers mark it down only when its heartbeat timer fires (models/runtime/liveness.h gives
// the delay); its allocations are then lost and their jobs evaluated again.
//
// Contract. Between its failure and the servers' verdict a node is unreachable: its
// allocations do not start and do not serve, but they still hold their resources. A node that
// recovers before the verdict restores its allocations; one that recovers after it rejoins
// empty, ready and eligible. Each failure's detection delay draws from a stream of its own,
// "liveness/<node>#<failure ordinal>".
#ifndef PORTOLAN_MODELS_RUNTIME_HEARTBEATER_H_
#define PORTOLAN_MODELS_RUNTIME_HEARTBEATER_H_

#include <map>
#include <set>

#include "models/discovery/discovery.h"
#include "models/runtime/run_state.h"
#include "sim/rng.h"

namespace portolan::models {

class AllocRunner;
class EvalBroker;
class PlanApplier;

class Heartbeater {
 public:
  Heartbeater(RunState& state, const sim::RngStreams& streams, Discovery& discovery,
              PlanApplier& plans, AllocRunner& runner, EvalBroker& broker)
      : state_(state),
        streams_(streams),
        discovery_(discovery),
        plans_(plans),
        runner_(runner),
        broker_(broker) {}

  // The node stops answering (no-op for an unknown node or one already down).
  void fail(int node);
  // The node answers again.
  void recover(int node);
  // Failed and not yet marked down.
  bool unreachable(int node) const { return failed_.count(node) != 0; }

 private:
  void mark_down(int node);

  RunState& state_;
  const sim::RngStreams& streams_;
  Discovery& discovery_;
  PlanApplier& plans_;
  AllocRunner& runner_;
  EvalBroker& broker_;
  std::set<int> failed_;         // nodes that failed and are not yet marked down
  std::map<int, int> failures_;  // failures so far, by node
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_HEARTBEATER_H_
