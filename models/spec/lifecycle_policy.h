// What Nomad does when an allocation's tasks fail, when a job changes and when a node drains:
// the restart, reschedule, update and migrate blocks, and the rules that read them.
//
// Sources (hashicorp/nomad):
// - restart: client/allocrunner/taskrunner/restarts/restarts.go RestartTracker.GetState and
//   jitter; defaults nomad/structs/structs.go DefaultServiceJobRestartPolicy (2 attempts in
//   30m, delay 15s, mode "fail") and DefaultBatchJobRestartPolicy (3 in 24h, 15s, "fail").
// - reschedule: nomad/structs/structs.go Allocation.NextDelay and
//   RescheduleTracker.RescheduleEligible; defaults DefaultServiceJobReschedulePolicy (delay
//   30s, exponential, max_delay 1h, unlimited) and DefaultBatchJobReschedulePolicy (1 attempt
//   in 24h, delay 5s, constant).
// - update: DefaultUpdateStrategy (max_parallel 1, min_healthy_time 10s, healthy_deadline 5m,
//   canary 0, auto_promote false); max_parallel 0 disables deployments.
// - migrate: DefaultMigrateStrategy (max_parallel 1, min_healthy_time 10s,
//   healthy_deadline 5m).
#ifndef PORTOLAN_MODELS_SPEC_LIFECYCLE_POLICY_H_
#define PORTOLAN_MODELS_SPEC_LIFECYCLE_POLICY_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/rng.h"
#include "sim/time.h"

namespace portolan::models {

struct RestartPolicy {
  int attempts = 2;
  sim::Time interval = 30 * sim::kMinute;
  sim::Time delay = 15 * sim::kSecond;
  std::string mode = "fail";  // "fail" or "delay"
};

// One task's restart bookkeeping on its client (RestartTracker).
class RestartTracker {
 public:
  // The tracker starts its first interval when the task is first started.
  explicit RestartTracker(sim::Time started = 0) : interval_start_(started) {}

  // The task failed at `now`: how long until it starts again, or nullopt when the policy gives
  // up ("Exceeded allowed attempts ... and mode is \"fail\"", or 0 attempts). Within policy
  // the wait is delay plus a jitter of up to 25% of it; past the attempts in "delay" mode, the
  // rest of the interval.
  std::optional<sim::Time> on_failure(const RestartPolicy& policy, sim::Time now, sim::Rng& rng);

  int count() const { return count_; }

 private:
  sim::Time interval_start_;
  int count_ = 0;
};

struct ReschedulePolicy {
  int attempts = 0;  // within `interval`; ignored when unlimited
  sim::Time interval = 0;
  sim::Time delay = 30 * sim::kSecond;
  std::string delay_function = "exponential";  // constant, exponential, fibonacci
  sim::Time max_delay = sim::kHour;
  bool unlimited = true;
};

// One earlier reschedule of an allocation's line (RescheduleEvent).
struct RescheduleEvent {
  sim::Time time = 0;   // when the replacement was decided
  sim::Time delay = 0;  // the delay it waited
};

// Allocation.NextDelay: the wait before the next replacement of an allocation whose earlier
// reschedules are `events` (oldest first), failing at `now`.
sim::Time next_reschedule_delay(const ReschedulePolicy& policy,
                                const std::vector<RescheduleEvent>& events, sim::Time now);

// RescheduleTracker.RescheduleEligible: whether a failure at `now` may be rescheduled.
bool reschedule_eligible(const ReschedulePolicy& policy, const std::vector<RescheduleEvent>& events,
                         sim::Time now);

struct UpdatePolicy {
  int max_parallel = 1;  // 0: no deployment, every allocation replaced at once
  sim::Time min_healthy_time = 10 * sim::kSecond;
  sim::Time healthy_deadline = 5 * sim::kMinute;
  int canary = 0;
  bool auto_promote = false;
  sim::Time stagger = 30 * sim::kSecond;  // system jobs: between batches of max_parallel
};

struct MigratePolicy {
  int max_parallel = 1;
  sim::Time min_healthy_time = 10 * sim::kSecond;
  sim::Time healthy_deadline = 5 * sim::kMinute;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_SPEC_LIFECYCLE_POLICY_H_
