#include "models/runtime/reconciler.h"

#include <algorithm>
#include <set>

#include "models/runtime/deployment_watcher.h"
#include "models/runtime/eval_broker.h"
#include "models/runtime/plan_applier.h"

namespace portolan::models {

Reconciled Reconciler::reconcile(int job, Evaluation& eval) {
  const JobSpec& js = state_.spec(job);
  JobState& s = state_.job(job);
  Reconciled out;
  for (std::size_t g = 0; g < js.groups.size(); ++g) {
    GroupState& gs = s.groups[g];
    const GroupAsk& ask = js.groups[g];
    int canaries = 0;
    if (s.deployment >= 0) {
      const RolloutOutcome r = deployments_.roll_out(job, static_cast<int>(g), eval);
      out.unplaced |= r.unplaced;
      out.rolled_out &= r.done;
      canaries = r.canaries;
    }
    const sim::Time now = state_.sim.now();
    int waiting = 0;
    std::set<int> used_indexes(gs.given_up);
    for (const auto& p : gs.reschedules) used_indexes.insert(state_.alloc(p.failed).index);
    bool failed_once = false;
    for (auto it = gs.reschedules.begin(); it != gs.reschedules.end();) {
      if (it->ready_at > now || failed_once) {
        ++waiting;
        ++it;
        continue;
      }
      const Allocation& failed = state_.alloc(it->failed);
      PlacementChoice choice =
          scheduler_.select(state_.cluster, state_.allocs, eval, ask, failed.node);
      if (choice.node < 0) {
        plans_.record_failure(ask, failed.index, choice);
        failed_once = true;
        out.unplaced = true;
        ++waiting;
        ++it;
        continue;
      }
      std::vector<RescheduleEvent> history = failed.reschedules;
      history.push_back(RescheduleEvent{.time = now, .delay = it->delay});
      const int previous = failed.node;
      const int id = plans_.place(ask, failed.index, choice);
      state_.alloc(id).reschedules = std::move(history);
      state_.alloc(id).previous_node = previous;
      it = gs.reschedules.erase(it);
    }
    const int live = static_cast<int>(gs.live.size()) - canaries;
    const int wanted = gs.desired - waiting - static_cast<int>(gs.given_up.size());
    if (live > wanted) {
      std::vector<int> by_index(gs.live.begin(), gs.live.end());
      std::sort(by_index.begin(), by_index.end(),
                [this](int a, int b) { return state_.alloc(a).index > state_.alloc(b).index; });
      for (int i = 0; i < live - wanted; ++i) plans_.stop(by_index[i], StopCause::kScaledDown);
      out.freed = true;
      continue;
    }
    for (const int id : gs.live) used_indexes.insert(state_.alloc(id).index);
    for (int index = 0, missing = wanted - live; missing > 0; ++index) {
      if (used_indexes.count(index) != 0) continue;
      --missing;
      out.missing.emplace_back(&ask, index);
    }
  }
  return out;
}

void Reconciler::on_failed(int id) {
  const Allocation& a = state_.alloc(id);
  const int job = a.job;
  GroupState& gs = state_.group(job, a.group);
  const ReschedulePolicy& policy = state_.spec(job).reschedule;
  const sim::Time now = state_.sim.now();
  if (!state_.is_system(job) && reschedule_eligible(policy, a.reschedules, now)) {
    const sim::Time delay = next_reschedule_delay(policy, a.reschedules, now);
    gs.reschedules.push_back(
        PendingReschedule{.failed = id, .ready_at = now + delay, .delay = delay});
    state_.sim.schedule_after(delay, [this, job] { broker_.enqueue(job); });
  } else {
    gs.given_up.insert(a.index);
  }
}

}  // namespace portolan::models
