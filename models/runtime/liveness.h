// Node liveness as Nomad's servers judge it (nomad/heartbeat.go resetHeartbeatTimer,
// helper lib RateScaledInterval and RandomStagger).
//
// A client heartbeats once per TTL; the server arms a timer for TTL + heartbeat_grace after
// each heartbeat and marks the node down when it fires. The TTL grows with the cluster so that
// the servers see at most max_heartbeats_per_second heartbeats:
//   ttl = max(min_heartbeat_ttl, nodes / max_heartbeats_per_second), plus a stagger drawn
//   uniformly in [0, ttl).
#ifndef PORTOLAN_MODELS_RUNTIME_LIVENESS_H_
#define PORTOLAN_MODELS_RUNTIME_LIVENESS_H_

#include "models/spec/model.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace portolan::models {

// RateScaledInterval(rate, min, n): the TTL before its stagger.
sim::Time heartbeat_ttl(const LivenessConfig& config, int node_count);

// Time from a node's failure to the servers marking it down: the heartbeat timer (TTL with
// its stagger, plus the grace) runs from the last heartbeat, which came a uniformly random
// part of a heartbeat interval before the failure.
sim::Time failure_detection_delay(const LivenessConfig& config, int node_count, sim::Rng& rng);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_LIVENESS_H_
