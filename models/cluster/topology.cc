#include "models/cluster/topology.h"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>
#include <limits>
#include <stdexcept>

namespace portolan::models {

Topology::Topology(TopologyConfig config) : config_(config) {
  const bool ordered = config_.intra_rack >= 0 && config_.intra_rack <= config_.inter_rack &&
                       config_.inter_rack <= config_.inter_dc &&
                       2 * config_.to_servers >= config_.inter_rack;
  if (!ordered) {
    throw std::invalid_argument(
        "topology: latencies must satisfy 0 <= intra_rack <= inter_rack <= inter_dc and "
        "2 * to_servers >= inter_rack");
  }
}

Topology::Datacenter& Topology::datacenter(const std::string& name) {
  auto it = datacenters_.find(name);
  if (it != datacenters_.end()) return it->second;
  Datacenter dc{boost::add_vertex(graph_), boost::add_vertex(graph_), {}};
  // Doubled weights: core to servers is to_servers - inter_rack / 2.
  boost::add_edge(dc.core, dc.servers, 2 * config_.to_servers - config_.inter_rack, graph_);
  // Cores of two datacenters: inter_dc - inter_rack.
  for (const auto& [other_name, other] : datacenters_) {
    boost::add_edge(dc.core, other.core, 2 * (config_.inter_dc - config_.inter_rack), graph_);
  }
  return datacenters_.emplace(name, std::move(dc)).first->second;
}

Topology::Vertex Topology::rack(Datacenter& dc, const std::string& name) {
  auto it = dc.racks.find(name);
  if (it != dc.racks.end()) return it->second;
  const Vertex v = boost::add_vertex(graph_);
  // Rack switch to core: (inter_rack - intra_rack) / 2.
  boost::add_edge(v, dc.core, config_.inter_rack - config_.intra_rack, graph_);
  dc.racks.emplace(name, v);
  return v;
}

int Topology::add_node(const std::string& datacenter_name, const std::string& rack_name) {
  Datacenter& dc = datacenter(datacenter_name);
  const Vertex r = rack(dc, rack_name);
  const Vertex v = boost::add_vertex(graph_);
  // Node to its rack switch: intra_rack / 2.
  boost::add_edge(v, r, config_.intra_rack, graph_);
  nodes_.push_back({v, datacenter_name});
  cache_.clear();  // vertex count changed: every cached distance vector is short
  return static_cast<int>(nodes_.size()) - 1;
}

const std::string& Topology::datacenter_of(int node) const {
  check_node(node);
  return nodes_[static_cast<std::size_t>(node)].datacenter;
}

void Topology::check_node(int node) const {
  if (node < 0 || node >= node_count()) {
    throw std::out_of_range("topology: no node " + std::to_string(node));
  }
}

const std::vector<std::int64_t>& Topology::distances_from(Vertex source) const {
  auto it = cache_.find(source);
  if (it != cache_.end()) return it->second;
  std::vector<std::int64_t> dist(boost::num_vertices(graph_),
                                 std::numeric_limits<std::int64_t>::max());
  boost::dijkstra_shortest_paths(
      graph_, source,
      boost::distance_map(
          boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph_)))
          .distance_inf(std::numeric_limits<std::int64_t>::max()));
  return cache_.emplace(source, std::move(dist)).first->second;
}

sim::Time Topology::one_way(int a, int b) const {
  check_node(a);
  check_node(b);
  if (a == b) return 0;
  const auto& dist = distances_from(nodes_[static_cast<std::size_t>(a)].vertex);
  return dist[nodes_[static_cast<std::size_t>(b)].vertex] / 2;
}

sim::Time Topology::rtt(int a, int b) const { return 2 * one_way(a, b); }

sim::Time Topology::rtt_to_servers(int node) const {
  return rtt_to_servers(node, datacenter_of(node));
}

sim::Time Topology::rtt_to_servers(int node, const std::string& datacenter_name) const {
  check_node(node);
  const auto it = datacenters_.find(datacenter_name);
  if (it == datacenters_.end()) {
    throw std::out_of_range("topology: no datacenter \"" + datacenter_name + "\"");
  }
  // The graph is undirected: distances from the servers' vertex, one Dijkstra per datacenter
  // rather than one per node.
  const auto& dist = distances_from(it->second.servers);
  return dist[nodes_[static_cast<std::size_t>(node)].vertex];  // 2 * one-way: weights doubled
}

sim::Time Topology::raft_commit(int servers) const {
  return servers <= 1 ? 0 : 2 * config_.to_servers;
}

}  // namespace portolan::models
