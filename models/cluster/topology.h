// Network topology: one-way latencies between nodes, racks, datacenters and each datacenter's
// Nomad/Consul servers, as shortest paths on a weighted graph.
//
// Contract. Vertices are every node, one switch per rack, one core per datacenter and one
// "servers" vertex per datacenter (the server group, co-located). add_node returns dense node
// indices 0, 1, 2, ... in call order. The edge weights are chosen so that the shortest paths give
// exactly the configured one-way latencies:
//   same rack: intra_rack;  other rack, same datacenter: inter_rack;
//   other datacenter: inter_dc;  node to its own datacenter's servers: to_servers.
// This needs intra_rack <= inter_rack <= inter_dc and 2 * to_servers >= inter_rack (no negative
// edge); the constructor rejects other configurations. Weights are kept in half-nanoseconds so
// odd latencies stay exact. rtt() is twice one_way(). Distances are cached per source vertex
// (Boost's dijkstra_shortest_paths, one run per source); adding a node clears the cache. The
// cache is mutated by const queries: one Topology must not be queried from two threads at once.
#ifndef PORTOLAN_MODELS_CLUSTER_TOPOLOGY_H_
#define PORTOLAN_MODELS_CLUSTER_TOPOLOGY_H_

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/time.h"

namespace portolan::models {

struct TopologyConfig {
  sim::Time intra_rack = 100 * sim::kMicrosecond;  // node to node, same rack
  sim::Time inter_rack = 250 * sim::kMicrosecond;  // node to node, other rack, same datacenter
  sim::Time inter_dc = 10 * sim::kMillisecond;     // node to node, other datacenter
  sim::Time to_servers = 250 * sim::kMicrosecond;  // node to its datacenter's servers
};

class Topology {
 public:
  explicit Topology(TopologyConfig config = {});

  const TopologyConfig& config() const { return config_; }

  // Adds a node in `datacenter`, rack `rack` ("" is the datacenter's default rack); returns its
  // index. Datacenters and racks are created on first use.
  int add_node(const std::string& datacenter, const std::string& rack = "");

  int node_count() const { return static_cast<int>(nodes_.size()); }
  const std::string& datacenter_of(int node) const;
  bool has_datacenter(const std::string& name) const { return datacenters_.count(name) != 0; }

  // One-way latency between two nodes (0 from a node to itself).
  sim::Time one_way(int a, int b) const;
  // Round trip: 2 * one_way(a, b).
  sim::Time rtt(int a, int b) const;
  // Round trip from `node` to the servers of its own datacenter (2 * to_servers by default).
  sim::Time rtt_to_servers(int node) const;
  // Round trip from `node` to the servers of `datacenter` (a datacenter with nodes).
  sim::Time rtt_to_servers(int node, const std::string& datacenter) const;

  // Time for a Raft leader to commit one entry with `servers` voters in one datacenter: the
  // leader sends AppendEntries to every follower and commits when a quorum (itself plus
  // floor(servers / 2) followers) has acknowledged. All followers sit at the same distance, so
  // the quorum's slowest acknowledgement arrives after one server-to-server round trip. We take
  // the server-to-server one-way latency to be to_servers (servers share the datacenter's
  // network like any node), so this is 2 * to_servers; disk fsync is not modelled. One server
  // (or none) commits locally: 0.
  sim::Time raft_commit(int servers) const;

 private:
  // Weights in half-nanoseconds (see the contract).
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            boost::property<boost::edge_weight_t, std::int64_t>>;
  using Vertex = Graph::vertex_descriptor;

  struct Datacenter {
    Vertex core;
    Vertex servers;
    std::map<std::string, Vertex> racks;
  };
  struct NodeInfo {
    Vertex vertex;
    std::string datacenter;
  };

  Datacenter& datacenter(const std::string& name);
  Vertex rack(Datacenter& dc, const std::string& name);
  void check_node(int node) const;
  // Shortest distances (half-nanoseconds) from `source` to every vertex, cached.
  const std::vector<std::int64_t>& distances_from(Vertex source) const;

  TopologyConfig config_;
  Graph graph_;
  std::map<std::string, Datacenter> datacenters_;
  std::vector<NodeInfo> nodes_;
  mutable std::map<Vertex, std::vector<std::int64_t>> cache_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_TOPOLOGY_H_
