// Consul timing rules: anti-entropy scaling and stagger, blocking-query wait and jitter.
//
// Pure functions of their arguments and the Rng they are handed. Sources (hashicorp/consul):
//   agent/ae/ae.go  scaleFactor (scaleThreshold = 128), StateSyncer.nextFSMState, retryFullSync,
//                   waitFullSyncDelay, delayer.Jitter; older releases: aeScale, syncStaggerIntv,
//                   syncRetryIntv (the same numbers under other names).
//   lib/cluster.go  RandomStagger(intv) = uniform integer nanoseconds in [0, intv), 0 for 0.
//   agent/consul/rpc.go  blockingQuery / Server.RPCQueryTimeout: clamp to max_query_time,
//                   default_query_time when unset, plus RandomStagger(wait / 16)
//                   (jitterFraction = 16, structs.JitterFraction in newer releases).
//   agent/config/default.go  default_query_time = "300s", max_query_time = "600s";
//                   ae_interval = "1m" (a non-user setting).
#ifndef PORTOLAN_MODELS_DISCOVERY_CONSUL_TIMING_H_
#define PORTOLAN_MODELS_DISCOVERY_CONSUL_TIMING_H_

#include "sim/rng.h"
#include "sim/time.h"

namespace portolan::models {

// agent/config/default.go NonUserSource: ae_interval = "1m".
inline constexpr sim::Time kAntiEntropyInterval = 1 * sim::kMinute;
// ae.go scaleThreshold: the full-sync interval starts growing above 128 nodes.
inline constexpr int kAntiEntropyScaleThreshold = 128;
// ae.go syncStaggerIntv (now serverUpIntv): a full sync triggered by a server joining waits
// RandomStagger(scale * 3s).
inline constexpr sim::Time kSyncStaggerInterval = 3 * sim::kSecond;
// ae.go syncRetryIntv (now retryFailIntv): a failed full sync is retried after
// 15s + RandomStagger(scale * 15s).
inline constexpr sim::Time kSyncRetryInterval = 15 * sim::kSecond;
// Blocking queries: default_query_time and max_query_time (agent/config/default.go).
inline constexpr sim::Time kBlockingQueryDefaultWait = 5 * sim::kMinute;
inline constexpr sim::Time kBlockingQueryMaxWait = 10 * sim::kMinute;
// agent/consul/rpc.go jitterFraction.
inline constexpr int kBlockingQueryJitterFraction = 16;

// lib.RandomStagger: uniform in [0, intv) nanoseconds; 0 when intv <= 0.
sim::Time random_stagger(sim::Time intv, sim::Rng& rng);

// ae.go scaleFactor: 1 up to 128 nodes, else ceil(log2(n) - log2(128)) + 1 (Go float64 math).
int ae_scale_factor(int nodes);
// aeScale: interval * ae_scale_factor(nodes). 100 nodes -> 1m, 129 -> 2m, 10,000 -> 8m.
sim::Time ae_scale(sim::Time interval, int nodes);

// Gap from one full sync to the next, as ae.go schedules it after each full sync
// (nextFSMState, fullSyncState): interval + RandomStagger(scaleFactor(n) * interval), so uniform
// in [interval, interval + ae_scale(interval, n)). Older releases used
// aeScale + RandomStagger(aeScale), uniform in [ae_scale, 2 * ae_scale); the two agree up to 128
// nodes. We model the newest.
sim::Time ae_full_sync_period(sim::Time interval, int nodes, sim::Rng& rng);

// Wait from an arbitrary instant (a change the agent missed, a catalog entry lost) until the
// agent's next full sync: the residual life of the renewal process whose gaps are
// ae_full_sync_period. An instant falls in a gap with probability proportional to the gap's
// length, and uniformly within it, so we draw the gap length-biased (density ~ p on
// [interval, interval + ae_scale)) and a uniform point in it. Mean E[P^2] / (2 E[P]); 46.67 s
// for interval 1m and n <= 128.
sim::Time ae_full_sync_delay(sim::Time interval, int nodes, sim::Rng& rng);

// Delay before the full sync that a server joining triggers (waitFullSyncDelay):
// RandomStagger(scaleFactor(n) * 3s).
sim::Time ae_server_up_delay(int nodes, sim::Rng& rng);
// Delay before a failed full sync is retried (retryFullSync):
// 15s + RandomStagger(scaleFactor(n) * 15s).
sim::Time ae_retry_delay(int nodes, sim::Rng& rng);

// How long a blocking query waits on the server before it returns unchanged
// (Server.RPCQueryTimeout): the requested wait, clamped to kBlockingQueryMaxWait, or
// kBlockingQueryDefaultWait when not positive, plus RandomStagger(wait / 16). With the default:
// uniform in [5m, 5m + 18.75s).
sim::Time blocking_query_wait_jitter(sim::Time wait, sim::Rng& rng);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_DISCOVERY_CONSUL_TIMING_H_
