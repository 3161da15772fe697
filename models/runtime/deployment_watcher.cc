#include "models/runtime/deployment_watcher.h"

#include <algorithm>
#include <vector>

#include "models/runtime/eval_broker.h"
#include "models/runtime/plan_applier.h"
#include "models/runtime/rollout.h"

namespace portolan::models {

void DeploymentWatcher::update(int job) {
  JobState& s = state_.job(job);
  if (!s.registered || s.stopped) return;
  ++s.version;
  end(job, "cancelled");
  if (state_.is_system(job)) {
    update_system_batch(job, s.version);
    return;
  }
  s.promoted = state_.spec(job).update.canary == 0;
  s.deployment = static_cast<int>(state_.result.deployments.size());
  state_.result.deployments.push_back(DeploymentRecord{
      .job = state_.spec(job).name, .version = s.version, .started = state_.sim.now()});
  broker_.enqueue(job);
}

void DeploymentWatcher::update_system_batch(int job, int version) {
  JobState& s = state_.job(job);
  if (s.version != version || !s.registered || s.stopped) return;
  std::vector<int> old;
  for (const auto& g : s.groups) {
    for (const int id : g.live) {
      if (state_.alloc(id).version != version) old.push_back(id);
    }
  }
  std::sort(old.begin(), old.end(),
            [this](int a, int b) { return state_.alloc(a).node < state_.alloc(b).node; });
  const UpdatePolicy& policy = state_.spec(job).update;
  const std::size_t batch =
      policy.max_parallel == 0
          ? old.size()
          : std::min(old.size(), static_cast<std::size_t>(policy.max_parallel));
  for (std::size_t i = 0; i < batch; ++i)
    plans_.stop(old[i], StopCause::kUpdated, std::to_string(version));
  broker_.enqueue(job);
  if (batch < old.size()) {
    state_.sim.schedule_after(policy.stagger,
                              [this, job, version] { update_system_batch(job, version); });
  }
}

void DeploymentWatcher::end(int job, const char* status) {
  JobState& s = state_.job(job);
  if (s.deployment < 0) return;
  DeploymentRecord& d = state_.result.deployments[static_cast<std::size_t>(s.deployment)];
  d.status = status;
  d.finished = state_.sim.now();
  s.deployment = -1;
}

RolloutOutcome DeploymentWatcher::roll_out(int job, int group, Evaluation& eval) {
  JobState& s = state_.job(job);
  GroupState& gs = s.groups[static_cast<std::size_t>(group)];
  const GroupAsk& ask = state_.ask(job, group);
  const UpdatePolicy& policy = state_.spec(job).update;
  const auto live_now = [&] {
    std::vector<RolloutAlloc> live;
    for (const int id : gs.live) {
      const Allocation& a = state_.alloc(id);
      live.push_back(RolloutAlloc{
          .id = id, .index = a.index, .new_version = a.version == s.version, .healthy = a.healthy});
    }
    return live;
  };
  RolloutOutcome out;
  for (int pass = 0; pass < 2; ++pass) {
    const RolloutStep step = plan_rollout(policy, s.promoted, live_now());
    out.done = step.done;
    if (step.canary_phase) {
      out.canaries = step.canaries;
      if (step.promotable && policy.auto_promote) {
        s.promoted = true;
        out.canaries = 0;
        continue;  // plan again as promoted
      }
      if (step.promotable) {
        state_.result.deployments[static_cast<std::size_t>(s.deployment)].status =
            "awaiting promotion";
      }
    }
    for (const int id : step.stop) plans_.stop(id, StopCause::kUpdated, std::to_string(s.version));
    for (const int index : step.place_indexes) {
      PlacementChoice choice = scheduler_.select(state_.cluster, state_.allocs, eval, ask);
      if (choice.node < 0) {
        plans_.record_failure(ask, index, choice);
        out.unplaced = true;
        continue;
      }
      plans_.place(ask, index, choice);
      DeploymentRecord& d = state_.result.deployments[static_cast<std::size_t>(s.deployment)];
      ++d.placed;
      if (step.canary_phase) {
        ++d.canaries;
        ++out.canaries;
      }
    }
    // A step that only stopped old allocations (promoted canaries cover them) may have finished
    // the rollout: no placement is left to turn healthy and trigger another evaluation.
    if (step.place_indexes.empty() && !step.stop.empty()) {
      out.done = plan_rollout(policy, s.promoted, live_now()).done;
    }
    break;
  }
  return out;
}

void DeploymentWatcher::on_placed(int id) {
  const int job = state_.alloc(id).job;
  const int deployment = state_.job(job).deployment;
  if (deployment < 0) return;
  state_.sim.schedule_after(state_.spec(job).update.healthy_deadline, [this, id, job, deployment] {
    const Allocation& a = state_.alloc(id);
    if (state_.job(job).deployment == deployment && is_live(a.state) && !a.healthy) {
      end(job, "failed");
    }
  });
}

}  // namespace portolan::models
