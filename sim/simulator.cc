#include "sim/simulator.h"

#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace portolan::sim {

EventId Simulator::schedule_at(Time t, Callback callback) {
  if (t < now_) {
    throw std::invalid_argument("schedule_at(" + std::to_string(t) + " ns) is before now (" +
                                std::to_string(now_) + " ns)");
  }
  return queue_.push(t, std::move(callback));
}

EventId Simulator::schedule_after(Time delay, Callback callback) {
  if (delay < 0) {
    throw std::invalid_argument("schedule_after: negative delay " + std::to_string(delay) + " ns");
  }
  return queue_.push(now_ + delay, std::move(callback));
}

bool Simulator::run_events(Time limit) {
  stopped_ = false;
  while (!stopped_) {
    auto fired = queue_.pop_until(limit);
    if (!fired) return true;
    now_ = fired->time;
    ++executed_;
    fired->callback();
    if (executed_ == next_hook_) {
      next_hook_ += hook_every_;
      hook_();
    }
  }
  return false;
}

void Simulator::set_event_hook(std::uint64_t every, std::function<void()> hook) {
  if (every == 0) throw std::invalid_argument("set_event_hook: every must be at least 1");
  hook_ = std::move(hook);
  hook_every_ = every;
  next_hook_ = hook_ ? (executed_ / every + 1) * every : UINT64_MAX;
}

void Simulator::run() { run_events(std::numeric_limits<Time>::max()); }

void Simulator::run_until(Time t) {
  if (run_events(t) && t > now_) now_ = t;
}

}  // namespace portolan::sim
