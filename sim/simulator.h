// The simulator loop: a clock and an event queue.
//
// Contract (in the spirit of ns-3's Simulator):
// - now() is the time of the event being executed, or the time the last run stopped at.
//   Time never goes backwards: schedule_at(t) with t < now() throws std::invalid_argument.
// - Events run in (time, scheduling order): among equal times, first scheduled, first run.
//   Callbacks may schedule and cancel events, themselves included, while they run.
// - run() executes events until none is pending or stop() is called; stop() takes effect
//   after the current event returns.
// - run_until(t) executes every event with time <= t (including those that events at t
//   schedule at t), then sets now() to t. Events after t stay pending. A stop() ends it early,
//   leaving now() at the stopping event's time.
// - set_event_hook(every, hook): hook() runs after each `every`-th executed event (the count
//   events_executed() reports), inside run()/run_until(), between two events. It is for
//   observers (a progress line); it must not change what the simulation does.
#ifndef PORTOLAN_SIM_SIMULATOR_H_
#define PORTOLAN_SIM_SIMULATOR_H_

#include <cstdint>
#include <functional>

#include "sim/event_queue.h"
#include "sim/time.h"

namespace portolan::sim {

class Simulator {
 public:
  EventId schedule_at(Time t, Callback callback);
  // delay >= 0; throws std::invalid_argument otherwise.
  EventId schedule_after(Time delay, Callback callback);
  // True when the event was pending (it will now never run).
  bool cancel(EventId id) { return queue_.cancel(id); }

  void run();
  void run_until(Time t);
  void stop() { stopped_ = true; }

  Time now() const { return now_; }
  std::uint64_t events_executed() const { return executed_; }
  std::size_t pending() const { return queue_.size(); }
  // every >= 1; an empty hook removes it.
  void set_event_hook(std::uint64_t every, std::function<void()> hook);

 private:
  // Runs events while the earliest is at or before `limit`; false when stopped.
  bool run_events(Time limit);

  EventQueue queue_;
  Time now_ = 0;
  std::uint64_t executed_ = 0;
  bool stopped_ = false;
  std::function<void()> hook_;
  std::uint64_t hook_every_ = 0;
  std::uint64_t next_hook_ = UINT64_MAX;  // the events_executed() count that calls hook_
};

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_SIMULATOR_H_
