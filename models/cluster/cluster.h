// The cluster: nodes, their static description and their live state.
//
// Nodes are stored densely and named by index; an index never changes once a node joins, and
// nodes are never removed (a node that leaves is kDown). Every node belongs to one pool and is
// named "<pool>-<i>", i counting from 0 within the pool in order of joining, the naming rule
// scenario files use to refer to nodes.
//
// The cluster also keeps, as Eigen arrays, the per-node capacity and usage (one row per node,
// columns cpu, memory, disk) that utilisation and fragmentation are computed from.
#ifndef PORTOLAN_MODELS_CLUSTER_CLUSTER_H_
#define PORTOLAN_MODELS_CLUSTER_CLUSTER_H_

#include <Eigen/Core>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "models/cluster/hashed_counts.h"
#include "models/cluster/huge_pages.h"
#include "models/cluster/network_index.h"
#include "models/cluster/resources.h"

namespace portolan::models {

enum class NodeStatus { kReady, kDown };

// What a node is, before anything runs on it.
struct NodeShape {
  // The pool and the resources come first: the scheduler reads them for every node it scores,
  // right after the Node fields before its shape (Cluster::prefetch).
  std::string pool;
  ResourceVector capacity = ResourceVector::Zero();
  ResourceVector reserved = ResourceVector::Zero();
  std::string datacenter = "dc1";
  std::string node_pool = "default";  // Nomad's node pool (not portolan's pool of one shape)
  std::string node_class;
  std::string rack;
  std::map<std::string, std::string> attributes;
  std::map<std::string, std::string> meta;
  std::set<std::string> drivers;
  std::set<std::string> cni_plugins;
  std::set<std::string> cni_networks;
  bool consul_agent = false;
  NetworkConfig network;  // addresses, host networks, reserved ports, dynamic range
  // The pool's own node names in order of joining; beyond them nodes are "<pool>-<i>".
  std::vector<std::string> node_names;
};

// Whether a node of `shape` serves jobs of node pool `pool` (scheduler/util.go
// readyNodesInDCsAndPool: "all", or "" as Nomad reads an unset pool, takes every node).
inline bool in_node_pool(const NodeShape& shape, const std::string& pool) {
  if (pool.empty() || pool == "all") return true;
  return (shape.node_pool.empty() ? "default" : shape.node_pool) == pool;
}

struct alignas(64) Node {
  // What scoring reads of every node it considers comes first, in five adjacent cache lines
  // up to the start of the shape (the scheduler prefetches them for the nodes ahead:
  // Cluster::prefetch); the rest follows.
  int index = 0;
  // Nodes of one class are alike in everything feasibility looks at but their name and id
  // (Nomad's computed node class, nomad/structs/node_class.go); here, one class per pool.
  int computed_class = 0;
  // shape.datacenter and the Nomad node pool it serves ("default" when unset) as the
  // cluster's dense ids (Cluster::datacenter_id, node_pool_id): an evaluation picks its
  // candidates by integer, not by comparing every node's strings.
  int datacenter_id = 0;
  int node_pool_id = 0;
  NodeStatus status = NodeStatus::kReady;
  bool eligible = true;  // false while draining or marked ineligible
  bool draining = false;
  NetworkIndex network;
  // Live allocations by (job, group): what job anti-affinity and distinct_hosts count, kept so
  // that scoring a node does not walk its allocations.
  HashedCounts per_group;
  std::string name;  // "<pool>-<i>", or the pool's node_names[i]
  NodeShape shape;
  std::string id;  // a stable UUID-shaped id derived from the name
  // Live allocations by job: what distinct_hosts and placement quality count (kept apart from
  // the scoring lines: only a placement and a sample touch it).
  HashedCounts per_job;
  std::vector<int> allocs;  // live allocation ids, in placement order

  static std::int64_t group_key(int job, int group) {
    return (static_cast<std::int64_t>(job) << 32) | static_cast<std::uint32_t>(group);
  }
  void add_alloc(int id, int job, int group) {
    allocs.push_back(id);
    per_job.add(job);
    per_group.add(group_key(job, group));
  }
  void remove_alloc(int id, int job, int group);
  int count_of_job(int job) const { return per_job.count(job); }
  int count_of_group(int job, int group) const { return per_group.count(group_key(job, group)); }

  // Capacity the scheduler may hand out: resources minus the node's reserved resources.
  ResourceVector schedulable() const { return shape.capacity - shape.reserved; }
  bool schedulable_now() const { return status == NodeStatus::kReady && eligible; }
};

class Cluster {
 public:
  // Adds a node of `shape`, named after its pool; returns its index.
  int add_node(const NodeShape& shape);

  int size() const { return static_cast<int>(nodes_.size()); }
  Node& node(int index) { return nodes_[static_cast<std::size_t>(index)]; }
  const Node& node(int index) const { return nodes_[static_cast<std::size_t>(index)]; }
  // -1 when no node has that name.
  int find(const std::string& name) const;
  // How many nodes the pool has had (its next node is "<pool>-<count>").
  int pool_size(const std::string& pool) const;
  // The id nodes of datacenter `name`, or of Nomad node pool `name`, carry (Node::
  // datacenter_id, node_pool_id); -1 when no node has had it.
  int datacenter_id(const std::string& name) const { return id_of(datacenter_ids_, name); }
  int node_pool_id(const std::string& name) const { return id_of(node_pool_ids_, name); }

  // Usage bookkeeping: every change of a node's used resources goes through these.
  void add_usage(int node, const ResourceVector& r);
  void remove_usage(int node, const ResourceVector& r);
  const ResourceVector used(int node) const { return used_.row(node).transpose(); }

  // Hints that `node` is about to be examined: its record, then (once the record is in the
  // cache) the arrays its port index points to, start moving into the cache.
  void prefetch_network(int node) const {
    nodes_[static_cast<std::size_t>(node)].network.prefetch();
  }
  // ... and, once its record and port index are in the cache, the lines scoring it reads next:
  // its count of (job, group) and the port word its first dynamic draw would test
  // (NetworkIndex::prefetch_first_draw).
  void prefetch_scoring(int node, int job, int group, std::span<const PortAsk> asks,
                        const sim::Rng& rng, int draws_before) const {
    const Node& n = nodes_[static_cast<std::size_t>(node)];
    n.per_group.prefetch(Node::group_key(job, group));
    n.network.prefetch_first_draw(asks, rng, draws_before);
  }
  // Only the lines scoring reads: the record spans fourteen, and asking for all of them for
  // every node ahead fills the core's miss buffers with lines nobody reads.
  void prefetch(int node) const {
    const Node& n = nodes_[static_cast<std::size_t>(node)];
    const char* hot = reinterpret_cast<const char*>(&n);
    const char* hot_end = reinterpret_cast<const char*>(&n.shape.reserved + 1);
    for (const char* p = hot; p < hot_end; p += 64) __builtin_prefetch(p);
    __builtin_prefetch(&used_(node, 0));
  }

  // Share of the schedulable cpu, memory and disk of ready nodes in use, each in [0, 1].
  Eigen::Vector3d utilisation() const;
  // Share of the dynamic port ranges of ready nodes in use, in [0, 1].
  double port_utilisation() const;
  // Fragmentation (design section 4): the share of the free cpu of ready, eligible nodes that
  // sits on nodes where none of `pending` (the resources of allocations waiting for a place)
  // fits by cpu, memory and disk; ports are not considered. 0 when nothing is pending or
  // nothing is free.
  double fragmentation(const std::vector<ResourceVector>& pending) const;

 private:
  // In huge pages once it spans 2 MiB (about 2,000 nodes): scoring reads it in shuffled order.
  std::vector<Node, HugePageAllocator<Node>> nodes_;
  std::map<std::string, int> by_name_;
  std::map<std::string, int> pool_sizes_;
  std::map<std::string, int> pool_classes_;  // computed class of each pool, by first sight
  std::map<std::string, int> datacenter_ids_;
  std::map<std::string, int> node_pool_ids_;
  static int id_of(const std::map<std::string, int>& ids, const std::string& name) {
    const auto it = ids.find(name);
    return it == ids.end() ? -1 : it->second;
  }
  // One row per node (rows past size() are spare): schedulable capacity and usage (cpu,
  // memory, disk).
  Eigen::Array<std::int64_t, Eigen::Dynamic, 3, Eigen::RowMajor> capacity_;
  Eigen::Array<std::int64_t, Eigen::Dynamic, 3, Eigen::RowMajor> used_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_CLUSTER_H_
