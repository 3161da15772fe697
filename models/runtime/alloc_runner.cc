#include "models/runtime/alloc_runner.h"

#include "models/runtime/drainer.h"
#include "models/runtime/eval_broker.h"
#include "models/runtime/heartbeater.h"
#include "models/runtime/plan_applier.h"
#include "models/runtime/reconciler.h"

namespace portolan::models {

void AllocRunner::on_placed(int id) {
  state_.sim.schedule_after(discovery_.start_delay(id), [this, id] { start(id); });
}

void AllocRunner::adopt(int id) { start(id); }

void AllocRunner::fail_tasks(int job, int group, int index, int times) {
  for (const int id : state_.group(job, group).live) {
    if (state_.alloc(id).index == index && state_.alloc(id).state == AllocState::kRunning) {
      crash(id, times);
      return;
    }
  }
}

void AllocRunner::restore(int node) {
  for (const int id : state_.cluster.node(node).allocs) {
    Allocation& a = state_.alloc(id);
    if (a.state != AllocState::kRunning && a.state != AllocState::kPending) continue;
    discovery_.on_stopped(id, state_.sim.now());  // its old registrations are replaced
    a.state = AllocState::kPending;
    a.healthy = false;
    state_.sim.schedule_after(discovery_.restart_delay(id), [this, id] { start(id); });
  }
}

bool AllocRunner::start(int id) {
  Allocation& a = state_.alloc(id);
  if (a.state != AllocState::kPending || heartbeats_.unreachable(a.node)) return false;
  a.state = AllocState::kRunning;
  const sim::Time now = state_.sim.now();
  if (a.starts == 0) a.restarts = RestartTracker(now);
  a.running_at = now;
  if (a.first_running_at < 0) a.first_running_at = now;
  const int starts = ++a.starts;
  const sim::Time passing = discovery_.on_running(id);
  const Allocation& started = state_.alloc(id);
  const JobState& s = state_.job(started.job);
  const sim::Time min_healthy =
      s.deployment >= 0 && started.version == s.version
          ? state_.spec(started.job).update.min_healthy_time
          : state_.ask(started.job, started.group).migrate.min_healthy_time;
  state_.sim.schedule_at(passing + min_healthy, [this, id, starts] { healthy(id, starts); });
  return true;
}

void AllocRunner::healthy(int id, int starts) {
  Allocation& a = state_.alloc(id);
  if (a.state != AllocState::kRunning || a.starts != starts) return;
  a.healthy = true;
  if (a.healthy_at < 0) a.healthy_at = state_.sim.now();
  if (state_.job(a.job).deployment >= 0) broker_.enqueue(a.job);
  drainer_.on_healthy(id);
}

void AllocRunner::crash(int id, int remaining) {
  Allocation& a = state_.alloc(id);
  if (a.state != AllocState::kRunning || remaining <= 0) return;
  discovery_.on_stopped(id, state_.sim.now());
  a.healthy = false;
  a.state = AllocState::kPending;  // restarting: it keeps its resources and ports
  auto rng = restart_rngs_.find(id);
  if (rng == restart_rngs_.end()) {
    rng = restart_rngs_.emplace(id, streams_.stream("restarts/" + a.uid.str())).first;
  }
  const auto wait =
      a.restarts.on_failure(state_.ask(a.job, a.group).restart, state_.sim.now(), rng->second);
  if (!wait) {
    fail(id);
    return;
  }
  state_.sim.schedule_after(*wait + discovery_.restart_delay(id), [this, id, remaining] {
    if (start(id) && remaining > 1) crash(id, remaining - 1);
  });
}

void AllocRunner::fail(int id) {
  plans_.stop(id, StopCause::kFailed);
  reconciler_.on_failed(id);
  broker_.capacity_changed();
}

}  // namespace portolan::models
