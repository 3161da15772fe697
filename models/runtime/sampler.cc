#include "models/runtime/sampler.h"

#include <algorithm>
#include <vector>

namespace portolan::models {

TimeseriesSample sample(const RunState& state, sim::Time t) {
  TimeseriesSample s;
  s.time = t;
  std::vector<ResourceVector> pending;  // the asks of groups with allocations waiting
  for (std::size_t j = 0; j < state.jobs.size(); ++j) {
    const JobState& js = state.jobs[j];
    if (!js.registered || js.stopped) continue;
    for (std::size_t g = 0; g < js.groups.size(); ++g) {
      const GroupState& gs = js.groups[g];
      const auto live = static_cast<std::int64_t>(gs.live.size());
      s.running += live;
      bool waiting = false;
      if (state.is_system(static_cast<int>(j))) {
        waiting = std::any_of(js.system_unplaced.begin(), js.system_unplaced.end(),
                              [g](const auto& gn) { return gn.first == static_cast<int>(g); });
      } else {
        s.queued += std::max<std::int64_t>(0, gs.desired - live);
        waiting = gs.desired > live;
      }
      if (waiting) pending.push_back(state.model.jobs[j].groups[g].resources);
    }
    s.queued += static_cast<std::int64_t>(js.system_unplaced.size());
  }
  s.fragmentation = state.cluster.fragmentation(pending);
  const Eigen::Vector3d u = state.cluster.utilisation();
  s.cpu = u[kCpu];
  s.memory = u[kMemory];
  s.ports = state.cluster.port_utilisation();
  return s;
}

}  // namespace portolan::models
