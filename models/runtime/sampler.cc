#include "models/runtime/sampler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace portolan::models {

PlacementQuality placement_quality(const RunState& state) {
  PlacementQuality q;
  std::vector<double> allocs;
  std::vector<std::array<double, 3>> util;  // of used nodes
  // Per job (by index): live allocations in all, the most on one node, and by rack and
  // datacenter (by their index in `places`). Counted from each node's per-job counts, not
  // allocation by allocation: at C2M scale that is two million random reads of the table.
  struct Counts {
    int total = 0;
    int node_max = 0;
    std::map<int, int> rack;
    std::map<int, int> datacenter;
  };
  std::vector<Counts> jobs(state.model.jobs.size());
  std::map<std::string, int> places;  // "dc/rack" and datacenter names
  const auto place = [&places](const std::string& name) {
    return places.try_emplace(name, static_cast<int>(places.size())).first->second;
  };
  for (int i = 0; i < state.cluster.size(); ++i) {
    const Node& n = state.cluster.node(i);
    if (n.status != NodeStatus::kReady) continue;
    allocs.push_back(static_cast<double>(n.allocs.size()));
    q.allocs_max = std::max(q.allocs_max, static_cast<int>(n.allocs.size()));
    if (n.allocs.empty()) continue;
    ++q.nodes_in_use;
    const ResourceVector capacity = n.schedulable();
    const ResourceVector used = state.cluster.used(i);
    std::array<double, 3> u{};
    for (int d = 0; d < 3; ++d) {
      u[d] = capacity[d] > 0 ? static_cast<double>(used[d]) / static_cast<double>(capacity[d]) : 0;
    }
    util.push_back(u);
    const int rack = place(n.shape.datacenter + "/" + n.shape.rack);
    const int datacenter = place(n.shape.datacenter);
    for (const auto& [job, count] : n.per_job) {
      Counts& c = jobs[static_cast<std::size_t>(job)];
      c.total += count;
      c.node_max = std::max(c.node_max, count);
      c.rack[rack] += count;
      c.datacenter[datacenter] += count;
    }
  }
  const auto mean_std = [](const std::vector<double>& v) {
    if (v.empty()) return std::pair<double, double>{0, 0};
    double sum = 0;
    for (const double x : v) sum += x;
    const double mean = sum / static_cast<double>(v.size());
    double sq = 0;
    for (const double x : v) sq += (x - mean) * (x - mean);
    return std::pair<double, double>{mean, std::sqrt(sq / static_cast<double>(v.size()))};
  };
  q.allocs_std = mean_std(allocs).second;
  for (int d = 0; d < 3; ++d) {
    std::vector<double> v;
    for (const auto& u : util) v.push_back(u[d]);
    std::tie(q.util_mean[d], q.util_std[d]) = mean_std(v);
    q.util_max[d] = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
  }
  const auto largest = [](const auto& counts) {
    int best = 0;
    for (const auto& [key, n] : counts) best = std::max(best, n);
    return best;
  };
  for (std::size_t job = 0; job < jobs.size(); ++job) {
    const Counts& c = jobs[job];
    if (c.total == 0) continue;
    const double total = c.total;
    q.jobs[state.spec(static_cast<int>(job)).name] =
        JobConcentration{.node = c.node_max / total,
                         .rack = largest(c.rack) / total,
                         .datacenter = largest(c.datacenter) / total};
  }
  return q;
}

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
  s.quality = placement_quality(state);
  const Eigen::Vector3d u = state.cluster.utilisation();
  s.cpu = u[kCpu];
  s.memory = u[kMemory];
  s.ports = state.cluster.port_utilisation();
  return s;
}

}  // namespace portolan::models
