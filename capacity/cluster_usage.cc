#include "capacity/cluster_usage.h"

#include <algorithm>
#include <map>

#include "scenarios/group_resources.h"

namespace portolan::capacity {
namespace {

double share(std::int64_t held, std::int64_t capacity) {
  if (capacity <= 0) return held > 0 ? 0.0 : 1.0;
  return std::clamp(1.0 - static_cast<double>(held) / static_cast<double>(capacity), 0.0, 1.0);
}

}  // namespace

Margins least(const Margins& a, const Margins& b) {
  return {std::min(a.cpu, b.cpu), std::min(a.memory, b.memory), std::min(a.disk, b.disk),
          std::min(a.static_ports, b.static_ports), std::min(a.dynamic_ports, b.dynamic_ports)};
}

ClusterUsage cluster_usage(const scenario::Scenario& scenario,
                           const std::vector<CandidateNode>& nodes,
                           const models::RunResult& result) {
  std::map<std::pair<std::string, std::string>, const scenario::Group*> groups;
  std::map<std::string, bool> system;  // by job: one copy per node, its static ports too
  for (const auto& j : scenario.jobs()) {
    for (const auto& g : j.groups()) groups[{j.name(), g.name()}] = &g;
    system[j.name()] = j.type() == "system" || j.type() == "sysbatch";
  }
  std::map<std::string, std::size_t> node_index;
  for (std::size_t i = 0; i < nodes.size(); ++i) node_index[nodes[i].name] = i;
  // The host ports of each allocation, from the attempt that placed it.
  std::vector<const models::PortBindings*> ports(result.allocations.size(), nullptr);
  for (const auto& p : result.placements) {
    if (p.placed && p.alloc >= 0 && static_cast<std::size_t>(p.alloc) < ports.size()) {
      ports[static_cast<std::size_t>(p.alloc)] = &p.ports;
    }
  }
  ClusterUsage out;
  out.nodes.resize(nodes.size());
  std::map<std::pair<std::string, int>, int> static_holders;  // (host network, port) -> copies
  for (std::size_t a = 0; a < result.allocations.size(); ++a) {
    const auto& alloc = result.allocations[a];
    if (alloc.ended >= 0) continue;
    const auto node = node_index.find(alloc.node);
    const auto group = groups.find({alloc.job, alloc.group});
    if (node == node_index.end() || group == groups.end()) continue;
    const scenario::GroupResources r = scenario::group_resources(*group->second);
    NodeUsage& u = out.nodes[node->second];
    u.cpu_mhz += r.cpu_mhz;
    u.memory_mb += r.memory_mb;
    u.disk_mb += r.disk_mb;
    const CandidateNode& n = nodes[node->second];
    if (ports[a] != nullptr) {
      for (std::size_t i = 0; i < ports[a]->size(); ++i) {
        const int port = (*ports[a])[i].value;
        if (port >= n.min_dynamic_port && port <= n.max_dynamic_port) ++u.dynamic_ports;
      }
    }
    for (const auto& p : group->second->network().ports()) {
      if (p.static_() != 0 && !system[alloc.job]) ++static_holders[{p.host_network(), p.static_()}];
    }
  }
  std::int64_t cap[3] = {0, 0, 0};
  std::int64_t held[3] = {0, 0, 0};
  out.margins.dynamic_ports = 1;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    cap[0] += nodes[i].cpu_mhz;
    cap[1] += nodes[i].memory_mb;
    cap[2] += nodes[i].disk_mb;
    held[0] += out.nodes[i].cpu_mhz;
    held[1] += out.nodes[i].memory_mb;
    held[2] += out.nodes[i].disk_mb;
    const int range = nodes[i].max_dynamic_port - nodes[i].min_dynamic_port + 1;
    out.margins.dynamic_ports =
        std::min(out.margins.dynamic_ports, share(out.nodes[i].dynamic_ports, range));
  }
  out.margins.cpu = share(held[0], cap[0]);
  out.margins.memory = share(held[1], cap[1]);
  out.margins.disk = share(held[2], cap[2]);
  const auto count = static_cast<std::int64_t>(nodes.size());
  for (const auto& [_, holders] : static_holders) {
    out.margins.static_ports = std::min(out.margins.static_ports, share(holders, count));
  }
  return out;
}

}  // namespace portolan::capacity
