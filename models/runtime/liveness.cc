#include "models/runtime/liveness.h"

#include <algorithm>
#include <cmath>

namespace portolan::models {

sim::Time heartbeat_ttl(const LivenessConfig& config, int node_count) {
  // lib.RateScaledInterval: interval = n / rate seconds, never below min. It saturates at
  // 10,000 h, the longest duration a scenario may give (issue 14): 10,000 nodes at the lowest
  // accepted rate, 1e-6 per second, would be 1e10 s, past int64 nanoseconds.
  constexpr double kLongest = 10000.0 * 3600 * static_cast<double>(sim::kSecond);
  const double scaled =
      std::min(kLongest, static_cast<double>(node_count) / config.max_heartbeats_per_second *
                             static_cast<double>(sim::kSecond));
  return std::max(config.min_heartbeat_ttl, static_cast<sim::Time>(std::llround(scaled)));
}

sim::Time failure_detection_delay(const LivenessConfig& config, int node_count, sim::Rng& rng) {
  const sim::Time ttl = heartbeat_ttl(config, node_count);
  // lib.RandomStagger(ttl): uniform in [0, ttl).
  const auto staggered = ttl + static_cast<sim::Time>(rng.below(static_cast<std::uint64_t>(ttl)));
  // The client heartbeats every `staggered`; the failure falls uniformly within an interval.
  const auto since_last = static_cast<sim::Time>(rng.below(static_cast<std::uint64_t>(staggered)));
  return staggered + config.heartbeat_grace - since_last;
}

}  // namespace portolan::models
