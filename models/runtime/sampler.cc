#include "models/runtime/sampler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace portolan::models {

PlacementQuality placement_quality(const RunState& state) {
  PlacementQuality q;
  std::vector<double> allocs;
  std::vector<std::array<double, 3>> util;  // of used nodes
  std::vector<int> used;                    // the used nodes, by index
  for (int i = 0; i < state.cluster.size(); ++i) {
    const Node& n = state.cluster.node(i);
    if (n.status != NodeStatus::kReady) continue;
    allocs.push_back(static_cast<double>(n.allocs.size()));
    q.allocs_max = std::max(q.allocs_max, static_cast<int>(n.allocs.size()));
    if (n.allocs.empty()) continue;
    ++q.nodes_in_use;
    used.push_back(i);
    const ResourceVector capacity = n.schedulable();
    const ResourceVector in_use = state.cluster.used(i);
    std::array<double, 3> u{};
    for (int d = 0; d < 3; ++d) {
      u[d] =
          capacity[d] > 0 ? static_cast<double>(in_use[d]) / static_cast<double>(capacity[d]) : 0;
    }
    util.push_back(u);
  }
  // Per job (by index): live allocations in all and the most on one node, one rack and one
  // datacenter. Counted from each node's per-job counts, not allocation by allocation (at C2M
  // scale two million random reads), and with the used nodes ordered by (datacenter, rack) so
  // that a rack's, then a datacenter's, counts are summed in one dense array while its nodes
  // pass and folded into the job's maximum when the next begins: O(per-job counts) a sample,
  // with no per-entry map.
  const auto shape = [&state](int i) -> const NodeShape& { return state.cluster.node(i).shape; };
  std::stable_sort(used.begin(), used.end(), [&shape](int a, int b) {
    return std::tie(shape(a).datacenter, shape(a).rack) <
           std::tie(shape(b).datacenter, shape(b).rack);
  });
  const std::size_t job_count = state.model.jobs.size();
  std::vector<int> total(job_count, 0), node_max(job_count, 0);
  std::vector<int> rack_max(job_count, 0), datacenter_max(job_count, 0);
  std::vector<int> in_rack(job_count, 0), in_datacenter(job_count, 0);
  std::vector<int> touched_rack, touched_datacenter;  // jobs with a count in the open rack/dc
  const auto fold = [](std::vector<int>& open, std::vector<int>& touched, std::vector<int>& max) {
    for (const int job : touched) {
      max[static_cast<std::size_t>(job)] =
          std::max(max[static_cast<std::size_t>(job)], open[static_cast<std::size_t>(job)]);
      open[static_cast<std::size_t>(job)] = 0;
    }
    touched.clear();
  };
  for (std::size_t k = 0; k < used.size(); ++k) {
    const Node& n = state.cluster.node(used[k]);
    if (k > 0) {
      const NodeShape& prev = shape(used[k - 1]);
      const bool new_datacenter = prev.datacenter != n.shape.datacenter;
      if (new_datacenter || prev.rack != n.shape.rack) fold(in_rack, touched_rack, rack_max);
      if (new_datacenter) fold(in_datacenter, touched_datacenter, datacenter_max);
    }
    // Sums and maxima: the order of the node's jobs does not matter.
    n.per_job.for_each([&](std::int64_t key, int count) {
      const int job = static_cast<int>(key);
      const auto j = static_cast<std::size_t>(job);
      total[j] += count;
      node_max[j] = std::max(node_max[j], count);
      if (in_rack[j] == 0) touched_rack.push_back(job);
      in_rack[j] += count;
      if (in_datacenter[j] == 0) touched_datacenter.push_back(job);
      in_datacenter[j] += count;
    });
  }
  fold(in_rack, touched_rack, rack_max);
  fold(in_datacenter, touched_datacenter, datacenter_max);
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
  for (std::size_t job = 0; job < job_count; ++job) {
    if (total[job] == 0) continue;
    const double all = total[job];
    q.jobs[state.spec(static_cast<int>(job)).name] =
        JobConcentration{.node = node_max[job] / all,
                         .rack = rack_max[job] / all,
                         .datacenter = datacenter_max[job] / all};
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
