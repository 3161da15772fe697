#include "models/cluster/cluster.h"

#include <algorithm>
#include <cstdio>

namespace portolan::models {
namespace {

// A UUID-shaped id, stable for a name (FNV-1a over the name, twice with different offsets).
std::string stable_id(const std::string& name) {
  auto fnv = [&](std::uint64_t h) {
    for (const unsigned char c : name) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  const std::uint64_t a = fnv(0xcbf29ce484222325ULL);
  const std::uint64_t b = fnv(0x84222325cbf29ce4ULL);
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

}  // namespace

int Cluster::add_node(const NodeShape& shape) {
  const int index = size();
  int& in_pool = pool_sizes_[shape.pool];
  Node node;
  node.index = index;
  const auto k = static_cast<std::size_t>(in_pool++);
  node.name =
      k < shape.node_names.size() ? shape.node_names[k] : shape.pool + "-" + std::to_string(k);
  node.id = stable_id(node.name);
  node.shape = shape;
  node.computed_class =
      static_cast<int>(std::distance(pool_sizes_.begin(), pool_sizes_.find(shape.pool)));
  node.network = NetworkIndex(shape.network);
  const auto intern = [](std::map<std::string, int>& ids, const std::string& name) {
    return ids.try_emplace(name, static_cast<int>(ids.size())).first->second;
  };
  node.datacenter_id = intern(datacenter_ids_, shape.datacenter);
  node.node_pool_id = intern(node_pool_ids_, shape.node_pool.empty() ? "default" : shape.node_pool);
  by_name_[node.name] = index;
  if (capacity_.rows() <= index) {  // grow geometrically: adding N nodes stays O(N)
    const Eigen::Index rows = std::max<Eigen::Index>(16, 2 * capacity_.rows());
    capacity_.conservativeResize(rows, Eigen::NoChange);
    used_.conservativeResize(rows, Eigen::NoChange);
  }
  capacity_.row(index) = node.schedulable().transpose().array();
  used_.row(index).setZero();
  nodes_.push_back(std::move(node));
  return index;
}

void Node::remove_alloc(int id, int job, int group) {
  allocs.erase(std::find(allocs.begin(), allocs.end(), id));
  per_job.remove(job);
  per_group.remove(group_key(job, group));
}

int Cluster::find(const std::string& name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? -1 : it->second;
}

int Cluster::pool_size(const std::string& pool) const {
  const auto it = pool_sizes_.find(pool);
  return it == pool_sizes_.end() ? 0 : it->second;
}

void Cluster::add_usage(int node, const ResourceVector& r) {
  used_.row(node) += r.transpose().array();
}

void Cluster::remove_usage(int node, const ResourceVector& r) {
  used_.row(node) -= r.transpose().array();
}

Eigen::Vector3d Cluster::utilisation() const {
  Eigen::Array<double, 1, 3> capacity = Eigen::Array<double, 1, 3>::Zero();
  Eigen::Array<double, 1, 3> used = Eigen::Array<double, 1, 3>::Zero();
  for (const auto& n : nodes_) {
    if (n.status != NodeStatus::kReady) continue;
    capacity += capacity_.row(n.index).cast<double>();
    used += used_.row(n.index).cast<double>();
  }
  Eigen::Vector3d out = Eigen::Vector3d::Zero();
  for (int d = 0; d < 3; ++d) {
    if (capacity[d] > 0) out[d] = used[d] / capacity[d];
  }
  return out;
}

double Cluster::fragmentation(const std::vector<ResourceVector>& pending) const {
  if (pending.empty() || nodes_.empty()) return 0;
  const auto n = static_cast<Eigen::Index>(nodes_.size());
  const Eigen::Array<std::int64_t, Eigen::Dynamic, 3, Eigen::RowMajor> free =
      capacity_.topRows(n) - used_.topRows(n);
  Eigen::Array<bool, Eigen::Dynamic, 1> usable = Eigen::Array<bool, Eigen::Dynamic, 1>::Zero(n);
  for (const ResourceVector& ask : pending) {
    const Eigen::Array<std::int64_t, 1, 3> row = ask.transpose().array();
    usable = usable || (free >= row.replicate(n, 1)).rowwise().all();
  }
  double total = 0;
  double stranded = 0;
  for (const auto& node : nodes_) {
    if (!node.schedulable_now()) continue;
    const auto cpu = static_cast<double>(std::max<std::int64_t>(0, free(node.index, kCpu)));
    total += cpu;
    if (!usable(node.index)) stranded += cpu;
  }
  return total > 0 ? stranded / total : 0;
}

double Cluster::port_utilisation() const {
  double range = 0;
  double used = 0;
  for (const auto& n : nodes_) {
    if (n.status != NodeStatus::kReady) continue;
    range += n.network.dynamic_range_size();
    used += n.network.dynamic_range_size() - n.network.free_dynamic_count();
  }
  return range > 0 ? used / range : 0;
}

}  // namespace portolan::models
