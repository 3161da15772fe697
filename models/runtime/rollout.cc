#include "models/runtime/rollout.h"

#include <algorithm>
#include <set>

namespace portolan::models {

RolloutStep plan_rollout(const UpdatePolicy& policy, bool promoted,
                         const std::vector<RolloutAlloc>& live) {
  RolloutStep step;
  std::vector<RolloutAlloc> old;
  std::set<int> new_indexes;
  int unhealthy_new = 0;
  int new_count = 0;
  for (const auto& a : live) {
    if (a.new_version) {
      new_indexes.insert(a.index);
      ++new_count;
      if (!a.healthy) ++unhealthy_new;
    } else {
      old.push_back(a);
    }
  }
  std::sort(old.begin(), old.end(),
            [](const RolloutAlloc& a, const RolloutAlloc& b) { return a.index < b.index; });
  step.done = old.empty() && unhealthy_new == 0;
  if (old.empty()) return step;

  if (policy.canary > 0 && !promoted) {
    step.canary_phase = true;
    step.canaries = new_count;
    int wanted = policy.canary - new_count;
    for (const auto& a : old) {
      if (wanted <= 0) break;
      if (new_indexes.count(a.index) != 0) continue;
      step.place_indexes.push_back(a.index);
      --wanted;
    }
    step.promotable = step.place_indexes.empty() && unhealthy_new == 0;
    return step;
  }

  int budget =
      policy.max_parallel == 0 ? static_cast<int>(old.size()) : policy.max_parallel - unhealthy_new;
  for (const auto& a : old) {
    if (new_indexes.count(a.index) != 0) {
      step.stop.push_back(a.id);  // a promoted canary already replaces it
      continue;
    }
    if (budget <= 0) continue;
    step.stop.push_back(a.id);
    step.place_indexes.push_back(a.index);
    --budget;
  }
  return step;
}

}  // namespace portolan::models
