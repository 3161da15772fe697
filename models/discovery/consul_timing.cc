#include "models/discovery/consul_timing.h"

#include <cmath>

namespace portolan::models {

sim::Time random_stagger(sim::Time intv, sim::Rng& rng) {
  // lib/cluster.go RandomStagger: uint64(rand.Int63()) % uint64(intv); we draw unbiased.
  if (intv <= 0) return 0;
  return static_cast<sim::Time>(rng.below(static_cast<std::uint64_t>(intv)));
}

int ae_scale_factor(int nodes) {
  // agent/ae/ae.go scaleFactor.
  if (nodes <= kAntiEntropyScaleThreshold) return 1;
  return static_cast<int>(std::ceil(std::log2(static_cast<double>(nodes)) -
                                    std::log2(static_cast<double>(kAntiEntropyScaleThreshold))) +
                          1.0);
}

sim::Time ae_scale(sim::Time interval, int nodes) { return ae_scale_factor(nodes) * interval; }

sim::Time ae_full_sync_period(sim::Time interval, int nodes, sim::Rng& rng) {
  // ae.go nextFSMState: time.After(s.Interval + s.Delayer.Jitter(s.Interval)), and
  // delayer.Jitter(d) = RandomStagger(scaleFactor(n) * d).
  return interval + random_stagger(ae_scale(interval, nodes), rng);
}

sim::Time ae_full_sync_delay(sim::Time interval, int nodes, sim::Rng& rng) {
  if (interval <= 0) return 0;
  const double a = static_cast<double>(interval);
  const double b = a + static_cast<double>(ae_scale(interval, nodes));
  // Length-biased gap: CDF (p^2 - a^2) / (b^2 - a^2) on [a, b), inverted.
  const double gap = std::sqrt(a * a + rng.uniform01() * (b * b - a * a));
  return static_cast<sim::Time>(std::floor(rng.uniform01() * gap));
}

sim::Time ae_server_up_delay(int nodes, sim::Rng& rng) {
  // ae.go waitFullSyncDelay: time.After(s.Delayer.Jitter(s.serverUpInterval)).
  return random_stagger(ae_scale_factor(nodes) * kSyncStaggerInterval, rng);
}

sim::Time ae_retry_delay(int nodes, sim::Rng& rng) {
  // ae.go retryFullSync: s.retryFailInterval + s.Delayer.Jitter(s.retryFailInterval).
  return kSyncRetryInterval + random_stagger(ae_scale_factor(nodes) * kSyncRetryInterval, rng);
}

sim::Time blocking_query_wait_jitter(sim::Time wait, sim::Rng& rng) {
  // agent/consul/rpc.go Server.RPCQueryTimeout.
  if (wait > kBlockingQueryMaxWait) {
    wait = kBlockingQueryMaxWait;
  } else if (wait <= 0) {
    wait = kBlockingQueryDefaultWait;
  }
  return wait + random_stagger(wait / kBlockingQueryJitterFraction, rng);
}

}  // namespace portolan::models
