#include "capacity/lower_bound.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include "scenarios/datacenter_glob.h"

namespace portolan::capacity {
namespace {

constexpr std::array<const char*, 3> kDimensions = {"cpu", "memory", "disk"};
constexpr std::array<const char*, 3> kUnits = {"MHz", "MB", "MB"};

std::int64_t ask_of(const scenario::GroupResources& r, int d) {
  return d == 0 ? r.cpu_mhz : d == 1 ? r.memory_mb : r.disk_mb;
}
std::int64_t capacity_of(const CandidateNode& n, int d) {
  return d == 0 ? n.cpu_mhz : d == 1 ? n.memory_mb : n.disk_mb;
}

bool runs_on(const GroupDemand& g, const CandidateNode& n) {
  if (g.constrained) return false;
  const bool dc = std::any_of(g.datacenters.begin(), g.datacenters.end(), [&](const auto& p) {
    return scenario::datacenter_matches(p, n.datacenter);
  });
  if (!dc) return false;
  return std::all_of(g.drivers.begin(), g.drivers.end(), [&](const auto& d) {
    return std::find(n.drivers.begin(), n.drivers.end(), d) != n.drivers.end();
  });
}

// What a removal takes away: per dimension, the capacity and the node count removed.
struct Removal {
  std::string requirement;
  std::string label;  // "N+1", "the smallest rack"
  std::array<std::int64_t, 3> capacity = {0, 0, 0};
  int nodes = 0;
};

}  // namespace

std::optional<BoundFailure> check_lower_bounds(const Demand& demand,
                                               const std::vector<CandidateNode>& nodes,
                                               const Requirements& requirements) {
  // Per node, per dimension: what is left after the unconstrained system copies.
  std::vector<std::array<std::int64_t, 3>> cap(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (int d = 0; d < 3; ++d) {
      std::int64_t c = capacity_of(nodes[i], d);
      for (const auto& g : demand.groups) {
        if (g.system && runs_on(g, nodes[i])) c -= ask_of(g.ask, d);
      }
      cap[i][d] = std::max<std::int64_t>(0, c);
    }
  }
  // One copy of each group fits on some node (raw schedulable capacity: the planner does not
  // know where system copies go when they are constrained).
  for (const auto& g : demand.groups) {
    if (g.system || g.count == 0) continue;
    const bool fits = std::any_of(nodes.begin(), nodes.end(), [&](const CandidateNode& n) {
      for (int d = 0; d < 3; ++d) {
        if (ask_of(g.ask, d) > capacity_of(n, d)) return false;
      }
      return true;
    });
    if (fits) continue;
    int dim = 0;
    std::int64_t largest = 0;
    for (int d = 0; d < 3; ++d) {
      largest = 0;
      for (const auto& n : nodes) largest = std::max(largest, capacity_of(n, d));
      if (ask_of(g.ask, d) > largest) {
        dim = d;
        break;
      }
    }
    return BoundFailure{"fit", kDimensions[dim],
                        "group " + g.job + "." + g.group + ": no node holds one copy (" +
                            kDimensions[dim] + " " + std::to_string(ask_of(g.ask, dim)) + " " +
                            kUnits[dim] + ")"};
  }
  // Totals, less the failures_allowed largest copies.
  std::array<std::int64_t, 3> asked = {0, 0, 0};
  std::array<std::vector<std::int64_t>, 3> copies;
  std::map<std::pair<std::string, int>, int> static_copies;
  for (const auto& g : demand.groups) {
    if (g.system) continue;
    for (int d = 0; d < 3; ++d) {
      asked[d] += ask_of(g.ask, d) * g.count;
      copies[d].insert(
          copies[d].end(),
          std::min<std::size_t>(static_cast<std::size_t>(g.count),
                                static_cast<std::size_t>(requirements.failures_allowed)),
          ask_of(g.ask, d));
    }
    for (const auto& port : g.static_ports) static_copies[port] += g.count;
  }
  for (int d = 0; d < 3; ++d) {
    std::sort(copies[d].begin(), copies[d].end(), std::greater<>());
    for (int k = 0; k < requirements.failures_allowed && k < static_cast<int>(copies[d].size());
         ++k) {
      asked[d] -= copies[d][static_cast<std::size_t>(k)];
    }
  }
  std::array<std::int64_t, 3> total = {0, 0, 0};
  for (const auto& c : cap) {
    for (int d = 0; d < 3; ++d) total[d] += c[d];
  }
  std::vector<Removal> removals;
  removals.push_back({"fit", "the nodes", {0, 0, 0}, 0});
  const int k = std::min<int>(requirements.node_failures, static_cast<int>(nodes.size()));
  if (requirements.node_failures > 0) {
    Removal r{"N+k",
              "N+" + std::to_string(requirements.node_failures),
              {0, 0, 0},
              requirements.node_failures};
    for (int d = 0; d < 3; ++d) {
      std::vector<std::int64_t> v;
      for (const auto& c : cap) v.push_back(c[d]);
      std::sort(v.begin(), v.end());
      for (int i = 0; i < k; ++i) r.capacity[d] += v[static_cast<std::size_t>(i)];
    }
    removals.push_back(r);
  }
  // The smallest group of nodes by key (rack or datacenter), per dimension and by count.
  const auto smallest_group = [&](const std::string& requirement, const std::string& label,
                                  const std::function<std::string(const CandidateNode&)>& key) {
    std::map<std::string, std::array<std::int64_t, 4>> groups;  // cpu, memory, disk, nodes
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      auto& g = groups[key(nodes[i])];
      for (int d = 0; d < 3; ++d) g[static_cast<std::size_t>(d)] += cap[i][d];
      ++g[3];
    }
    Removal r{requirement, label, {0, 0, 0}, 0};
    bool first = true;
    for (const auto& [_, g] : groups) {
      for (int d = 0; d < 3; ++d) {
        r.capacity[d] = first ? g[static_cast<std::size_t>(d)]
                              : std::min(r.capacity[d], g[static_cast<std::size_t>(d)]);
      }
      r.nodes = first ? static_cast<int>(g[3]) : std::min(r.nodes, static_cast<int>(g[3]));
      first = false;
    }
    return r;
  };
  if (requirements.rack_failure) {
    removals.push_back(smallest_group("rack", "the smallest rack", [](const CandidateNode& n) {
      return n.datacenter + "/" + n.rack;
    }));
  }
  if (requirements.datacenter_failure) {
    removals.push_back(smallest_group("datacenter", "the smallest datacenter",
                                      [](const CandidateNode& n) { return n.datacenter; }));
  }
  const int node_count = static_cast<int>(nodes.size());
  for (const auto& r : removals) {
    for (int d = 0; d < 3; ++d) {
      const std::int64_t left = total[d] - r.capacity[d];
      if (asked[d] > left) {
        return BoundFailure{
            r.requirement, kDimensions[d],
            std::string(kDimensions[d]) + ": copies ask " + std::to_string(asked[d]) + " " +
                kUnits[d] + ", " +
                (r.requirement == "fit" ? "the nodes have "
                                        : "the nodes left after " + r.label + " have ") +
                std::to_string(left)};
      }
    }
    for (const auto& [port, n] : static_copies) {
      const int needed = n - requirements.failures_allowed;
      const int left = node_count - r.nodes;
      if (needed > left) {
        return BoundFailure{
            r.requirement, "static ports",
            "static port " + std::to_string(port.second) + ": " + std::to_string(n) +
                " copies need " + std::to_string(needed) + " nodes, " +
                (r.requirement == "fit" ? "the cluster has " : "left after " + r.label + ": ") +
                std::to_string(left)};
      }
    }
    for (const auto& d : demand.distinct_hosts) {
      const int needed = d.copies - requirements.failures_allowed;
      const int left = node_count - r.nodes;
      if (needed > left) {
        return BoundFailure{
            r.requirement, "constraint",
            "distinct_hosts on " + d.what + ": " + std::to_string(d.copies) + " copies need " +
                std::to_string(needed) + " nodes, " +
                (r.requirement == "fit" ? "the cluster has " : "left after " + r.label + ": ") +
                std::to_string(left)};
      }
    }
  }
  return std::nullopt;
}

}  // namespace portolan::capacity
