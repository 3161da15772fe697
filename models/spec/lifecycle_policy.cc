#include "models/spec/lifecycle_policy.h"

namespace portolan::models {

std::optional<sim::Time> RestartTracker::on_failure(const RestartPolicy& policy, sim::Time now,
                                                    sim::Rng& rng) {
  if (policy.attempts == 0) return std::nullopt;  // ReasonNoRestartsAllowed
  // A new interval begins when the failure comes after the current one ended (now.After(end)).
  if (now > interval_start_ + policy.interval) {
    count_ = 0;
    interval_start_ = now;
  }
  ++count_;
  if (count_ > policy.attempts) {
    if (policy.mode == "fail") return std::nullopt;
    return interval_start_ + policy.interval - now;  // getDelay: the rest of the interval
  }
  // jitter(): d + Int63n(d) * 0.25, with d at least 1 ns.
  const sim::Time d = policy.delay == 0 ? 1 : policy.delay;
  return d + static_cast<sim::Time>(static_cast<double>(rng.below(static_cast<std::uint64_t>(d))) *
                                    0.25);
}

sim::Time next_reschedule_delay(const ReschedulePolicy& policy,
                                const std::vector<RescheduleEvent>& events, sim::Time now) {
  sim::Time delay = policy.delay;
  if (events.empty()) return delay;
  if (policy.delay_function == "exponential") {
    delay = events.back().delay * 2;
  } else if (policy.delay_function == "fibonacci") {
    if (events.size() >= 2) {
      const sim::Time n1 = events[events.size() - 1].delay;
      const sim::Time n2 = events[events.size() - 2].delay;
      // A series that hit the ceiling and was reset starts again.
      delay = (n2 == policy.max_delay && n1 == policy.delay) ? n1 : n1 + n2;
    }
  } else {
    return delay;  // constant
  }
  if (policy.max_delay > 0 && delay > policy.max_delay) {
    delay = policy.max_delay;
    // Reset to the base delay once the line has run longer than the ceiling since its last
    // reschedule (timeDiff > delayDur).
    if (now - events.back().time > delay) delay = policy.delay;
  }
  return delay;
}

bool reschedule_eligible(const ReschedulePolicy& policy, const std::vector<RescheduleEvent>& events,
                         sim::Time now) {
  if (policy.attempts <= 0 && !policy.unlimited) return false;
  if (policy.unlimited) return true;
  int attempted = 0;  // rescheduleInfo: events within the interval before the failure
  for (const auto& e : events) {
    if (now - e.time < policy.interval) ++attempted;
  }
  return attempted < policy.attempts;
}

}  // namespace portolan::models
