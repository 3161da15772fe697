#include "models/placement/batch_flow.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "models/feasible/scoring.h"
#include "models/placement/scheduler.h"
#include "sim/rng.h"

namespace portolan::models {
namespace {

// The port-assignment probe that decides whether a group's ports fit a node at all draws from
// its own stream, never from the scheduler's.
constexpr std::uint64_t kProbeSeed = 0x6f7074696d616cULL;

// How many copies of `ask` the free resources hold; `unbounded` when it asks for nothing.
std::int64_t resource_fit(const ResourceVector& free, const ResourceVector& ask,
                          std::int64_t unbounded) {
  std::int64_t fit = unbounded;
  for (int d = 0; d < 3; ++d) {
    if (ask[d] > 0) fit = std::min(fit, std::max<std::int64_t>(0, free[d]) / ask[d]);
  }
  return fit;
}

// How many copies of a group's ports the node's free ports hold: a static port once per
// address of its host network where it is free, dynamic ports by the free dynamic ranges.
std::int64_t port_fit(const NetworkIndex& network, const std::vector<PortAsk>& ports,
                      std::int64_t unbounded) {
  std::int64_t fit = unbounded;
  std::map<std::string, std::int64_t> dynamic_by_network;
  for (const PortAsk& p : ports) {
    if (p.static_port == 0) {
      ++dynamic_by_network[p.host_network];
      continue;
    }
    std::int64_t free = 0;
    for (const std::string& address : network.addresses(p.host_network)) {
      if (!network.is_used(address, p.static_port)) ++free;
    }
    fit = std::min(fit, free);
  }
  for (const auto& [name, count] : dynamic_by_network) {
    std::int64_t free = 0;
    for (const std::string& address : network.addresses(name)) {
      free += network.free_dynamic_count(address);
    }
    fit = std::min(fit, free / count);
  }
  return fit;
}

using FlowTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
// Weights are doubles holding integers: a vertex the residual graph no longer reaches gets an
// infinite potential in successive_shortest_path_nonnegative_weights (its distance is the
// maximum), which overflows an integer type but saturates a double; such a vertex is never
// reached again, so its potential is never used.
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<
        boost::edge_capacity_t, std::int64_t,
        boost::property<boost::edge_residual_capacity_t, std::int64_t,
                        boost::property<boost::edge_reverse_t, FlowTraits::edge_descriptor,
                                        boost::property<boost::edge_weight_t, double>>>>>;
using FlowEdge = FlowTraits::edge_descriptor;

// The graph's weights, counting reads: Dijkstra reads an edge's weight each time it examines
// the edge, so the count measures the solver's work, and past the budget the solve is given up.
struct BudgetedWeight {
  using key_type = FlowEdge;
  using value_type = double;
  using reference = double;
  using category = boost::readable_property_map_tag;
  boost::property_map<FlowGraph, boost::edge_weight_t>::const_type weights;
  std::int64_t* work = nullptr;
  std::int64_t budget = 0;

  friend double get(const BudgetedWeight& map, const FlowEdge& e) {
    if (++*map.work > map.budget) throw FlowBudgetExhausted{};
    return boost::get(map.weights, e);
  }
};

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

std::vector<BatchGroup> group_batch(const std::vector<const GroupAsk*>& asks) {
  std::vector<BatchGroup> groups;
  std::map<std::pair<int, int>, std::size_t> index;
  for (std::size_t i = 0; i < asks.size(); ++i) {
    const auto [it, added] = index.emplace(std::pair{asks[i]->job, asks[i]->group}, groups.size());
    if (added) groups.push_back(BatchGroup{asks[i], {}});
    groups[it->second].members.push_back(i);
  }
  return groups;
}

FlowProblem build_flow_problem(const Cluster& cluster, const AllocationTable& allocs,
                               const std::vector<BatchGroup>& groups) {
  FlowProblem problem;
  problem.groups = static_cast<int>(groups.size());
  std::int64_t total = 0;
  for (const BatchGroup& g : groups) {
    problem.supply.push_back(static_cast<std::int64_t>(g.members.size()));
    total += problem.supply.back();
  }
  problem.node_capacity.assign(static_cast<std::size_t>(cluster.size()), 0);
  ConstraintCache cache;
  sim::Rng probe(kProbeSeed);
  for (int n = 0; n < cluster.size(); ++n) {
    problem.first_arc.push_back(problem.arcs.size());
    const Node& node = cluster.node(n);
    if (!node.schedulable_now()) continue;
    const ResourceVector used = cluster.used(n);
    const ResourceVector free = node.schedulable() - used;
    ResourceVector smallest = ResourceVector::Zero();  // per dimension; 0: nobody asks for it
    std::int64_t arcs_capacity = 0;
    for (int g = 0; g < problem.groups; ++g) {
      const GroupAsk& ask = *groups[static_cast<std::size_t>(g)].ask;
      if (!in_node_pool(node.shape, ask.node_pool) ||
          std::find(ask.datacenters.begin(), ask.datacenters.end(), node.shape.datacenter) ==
              ask.datacenters.end()) {
        continue;
      }
      PlacementMetric ignored;
      if (!node_feasible(cluster, allocs, cache, ask, n, ignored)) continue;
      if (!node.network.assign(ask.ports, probe).ok()) continue;
      std::int64_t fit = std::min(resource_fit(free, ask.resources, total),
                                  port_fit(node.network, ask.ports, total));
      if (ask.job_distinct_hosts || ask.group_distinct_hosts) fit = std::min<std::int64_t>(fit, 1);
      fit = std::min(fit, problem.supply[static_cast<std::size_t>(g)]);
      if (fit <= 0) continue;
      const ResourceVector after = used + ask.resources;
      const FreeFraction fraction = compute_free_fraction(
          static_cast<double>(node.shape.capacity[kCpu]),
          static_cast<double>(node.shape.capacity[kMemory]),
          static_cast<double>(node.shape.reserved[kCpu]),
          static_cast<double>(node.shape.reserved[kMemory]), static_cast<double>(after[kCpu]),
          static_cast<double>(after[kMemory]));
      double share = 0;
      for (int d = 0; d < 3; ++d) {
        if (ask.resources[d] > 0) {
          share = std::max(share, static_cast<double>(ask.resources[d]) /
                                      static_cast<double>(std::max<std::int64_t>(1, free[d])));
        }
      }
      problem.arcs.push_back(FlowArc{
          .group = g,
          .capacity = fit,
          .share_cost = std::llround(kFlowCostScale * std::min(1.0, share)),
          .binpack_cost = std::llround(
              kFlowCostScale * (1 - score_fit_binpack(fraction) / kBinPackingMaxFitScore))});
      arcs_capacity += fit;
      for (int d = 0; d < 3; ++d) {
        if (ask.resources[d] > 0 && (smallest[d] == 0 || ask.resources[d] < smallest[d])) {
          smallest[d] = ask.resources[d];
        }
      }
    }
    // Any k allocations of the batch need k times its smallest ask in every dimension.
    problem.node_capacity[static_cast<std::size_t>(n)] =
        std::min(arcs_capacity, resource_fit(free, smallest, total));
  }
  problem.first_arc.push_back(problem.arcs.size());
  return problem;
}

std::vector<FlowNodeClass> flow_node_classes(const FlowProblem& problem) {
  std::vector<FlowNodeClass> classes;
  std::map<std::vector<std::int64_t>, std::size_t> index;
  for (std::size_t n = 0; n < problem.node_capacity.size(); ++n) {
    const std::size_t begin = problem.first_arc[n];
    const std::size_t end = problem.first_arc[n + 1];
    if (problem.node_capacity[n] <= 0 || begin == end) continue;
    std::vector<std::int64_t> key{problem.node_capacity[n]};
    for (std::size_t a = begin; a < end; ++a) {
      const FlowArc& arc = problem.arcs[a];
      key.insert(key.end(), {arc.group, arc.capacity, arc.share_cost, arc.binpack_cost});
    }
    const auto [it, added] = index.emplace(std::move(key), classes.size());
    if (added) classes.push_back(FlowNodeClass{{}, begin, end, problem.node_capacity[n]});
    classes[it->second].members.push_back(static_cast<int>(n));
  }
  return classes;
}

std::vector<std::vector<std::int64_t>> solve_flow(const FlowProblem& problem,
                                                  const std::vector<FlowNodeClass>& classes,
                                                  ArcCost arc_cost, std::int64_t& work,
                                                  std::int64_t budget) {
  const int source = 0;
  const int sink = 1;
  const auto group_vertex = [](int g) { return 2 + g; };
  const auto class_vertex = [&](std::size_t c) { return 2 + problem.groups + static_cast<int>(c); };
  FlowGraph graph(static_cast<std::size_t>(2 + problem.groups) + classes.size());
  auto capacity = boost::get(boost::edge_capacity, graph);
  auto reverse = boost::get(boost::edge_reverse, graph);
  auto weight = boost::get(boost::edge_weight, graph);
  const auto add_arc = [&](int from, int to, std::int64_t cap, std::int64_t cost) {
    const FlowEdge e =
        boost::add_edge(static_cast<std::size_t>(from), static_cast<std::size_t>(to), graph).first;
    const FlowEdge r =
        boost::add_edge(static_cast<std::size_t>(to), static_cast<std::size_t>(from), graph).first;
    capacity[e] = cap;
    capacity[r] = 0;
    weight[e] = static_cast<double>(cost);
    weight[r] = -static_cast<double>(cost);
    reverse[e] = r;
    reverse[r] = e;
    return e;
  };
  for (int g = 0; g < problem.groups; ++g) {
    add_arc(source, group_vertex(g), problem.supply[static_cast<std::size_t>(g)], 0);
  }
  std::vector<std::vector<FlowEdge>> class_edges(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const FlowNodeClass& nc = classes[c];
    const auto k = static_cast<std::int64_t>(nc.members.size());
    for (std::size_t a = nc.arcs_begin; a < nc.arcs_end; ++a) {
      const FlowArc& arc = problem.arcs[a];
      class_edges[c].push_back(
          add_arc(group_vertex(arc.group), class_vertex(c), arc.capacity * k, arc.cost(arc_cost)));
    }
    add_arc(class_vertex(c), sink, nc.capacity * k, 0);
  }
  const BudgetedWeight budgeted{.weights = boost::get(boost::edge_weight, std::as_const(graph)),
                                .work = &work,
                                .budget = budget};
  boost::successive_shortest_path_nonnegative_weights(graph, static_cast<std::size_t>(source),
                                                      static_cast<std::size_t>(sink),
                                                      boost::weight_map(budgeted));
  const auto residual = boost::get(boost::edge_residual_capacity, graph);
  std::vector<std::vector<std::int64_t>> flows(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    for (const FlowEdge& e : class_edges[c]) flows[c].push_back(capacity[e] - residual[e]);
  }
  return flows;
}

std::vector<int> flow_targets(const FlowProblem& problem, const std::vector<FlowNodeClass>& classes,
                              const std::vector<std::vector<std::int64_t>>& flows, ArcCost arc_cost,
                              const std::vector<BatchGroup>& groups, std::size_t batch_size) {
  std::vector<std::vector<int>> nodes_of_group(groups.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const FlowNodeClass& nc = classes[c];
    std::int64_t total = 0;
    for (const std::int64_t f : flows[c]) total += f;
    if (total == 0) continue;
    auto used = static_cast<std::int64_t>(nc.members.size());
    if (arc_cost == ArcCost::kBinpack) {
      used = ceil_div(total, nc.capacity);
      for (std::size_t i = 0; i < flows[c].size(); ++i) {
        if (flows[c][i] > 0) {
          used = std::max(used, ceil_div(flows[c][i], problem.arcs[nc.arcs_begin + i].capacity));
        }
      }
    }
    std::int64_t next = 0;
    for (std::size_t i = 0; i < flows[c].size(); ++i) {
      const auto g = static_cast<std::size_t>(problem.arcs[nc.arcs_begin + i].group);
      for (std::int64_t u = 0; u < flows[c][i]; ++u) {
        nodes_of_group[g].push_back(nc.members[static_cast<std::size_t>(next++ % used)]);
      }
    }
  }
  std::vector<int> target(batch_size, -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::sort(nodes_of_group[g].begin(), nodes_of_group[g].end());
    for (std::size_t k = 0; k < nodes_of_group[g].size() && k < groups[g].members.size(); ++k) {
      target[groups[g].members[k]] = nodes_of_group[g][k];
    }
  }
  return target;
}

}  // namespace portolan::models
