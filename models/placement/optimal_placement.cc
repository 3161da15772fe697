#include "models/placement/optimal_placement.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/feasible/scoring.h"

namespace portolan::models {
namespace {

// Flow rounds per cost before settling: each round that does not place everything lowers the
// capacity of at least one node, so the rounds end anyway; the bound keeps a batch's cost
// predictable.
constexpr int kMaxFlowRounds = 6;
// Arc costs are shares in [0, 1] scaled to integers: exact in the double weights below.
constexpr double kCostScale = 1000;
// Edge examinations the flow solver may spend on one batch, all rounds together (about half a
// second): past it the rounds so far stand, or greedy's placement when there were none.
constexpr std::int64_t kFlowWorkBudget = 40'000'000;
// The port-assignment probe that decides whether a group's ports fit a node at all draws from
// its own stream, never from the scheduler's.
constexpr std::uint64_t kProbeSeed = 0x6f7074696d616cULL;

int count_placed(const std::vector<PlacementChoice>& choices) {
  return static_cast<int>(std::count_if(choices.begin(), choices.end(),
                                        [](const PlacementChoice& c) { return c.node >= 0; }));
}

// A copy of the cluster and allocation table that placements are committed to exactly as the
// engine's place() commits them (ports, allocation on the node, usage), and rolled back from.
class Scratch {
 public:
  Scratch(const Cluster& cluster, const AllocationTable& allocs)
      : cluster_(cluster), allocs_(allocs), base_(allocs.size()) {}

  const Cluster& cluster() const { return cluster_; }
  const AllocationTable& allocs() const { return allocs_; }

  void commit(const GroupAsk& ask, const PlacementChoice& choice) {
    Allocation a;
    a.id = static_cast<int>(allocs_.size());
    a.job = ask.job;
    a.group = ask.group;
    a.node = choice.node;
    a.state = AllocState::kRunning;
    a.resources = ask.resources;
    a.ports = choice.ports;
    Node& node = cluster_.node(choice.node);
    if (const std::string error = node.network.commit(a.id, a.ports); !error.empty()) {
      throw std::logic_error("optimal placement: committing " + ask.job_name + "." +
                             ask.group_name + " on " + node.name + ": " + error);
    }
    node.add_alloc(a.id, a.job, a.group);
    cluster_.add_usage(a.node, a.resources);
    allocs_.push_back(std::move(a));
  }

  // Undoes every commit, newest first, back to the state it was built from.
  void rollback() {
    while (allocs_.size() > base_) {
      const Allocation& a = allocs_.back();
      Node& node = cluster_.node(a.node);
      node.network.release(a.id);
      node.remove_alloc(a.id, a.job, a.group);
      cluster_.remove_usage(a.node, a.resources);
      allocs_.pop_back();
    }
  }

 private:
  Cluster cluster_;
  AllocationTable allocs_;
  std::size_t base_;
};

// The engine's greedy placement of asks[i], i in `which` (ascending), into `out`; see
// place_batch_greedy.
void place_greedily(Scratch& scratch, const std::vector<const GroupAsk*>& asks,
                    const std::vector<std::size_t>& which, Scheduler& greedy,
                    std::vector<PlacementChoice>& out) {
  std::map<int, Evaluation> evals;  // by job, begun at its first ask
  std::map<std::pair<int, int>, PlacementMetric> failed;
  for (const std::size_t i : which) {
    const GroupAsk& ask = *asks[i];
    const std::pair<int, int> key{ask.job, ask.group};
    if (const auto f = failed.find(key); f != failed.end()) {
      out[i] = PlacementChoice{};
      out[i].metric = f->second;
      continue;
    }
    auto it = evals.find(ask.job);
    if (it == evals.end()) {
      it = evals
               .emplace(ask.job, greedy.begin_evaluation(scratch.cluster(), ask.datacenters,
                                                         ask.type == JobType::kBatch))
               .first;
    }
    PlacementChoice choice = greedy.select(scratch.cluster(), scratch.allocs(), it->second, ask);
    if (choice.node >= 0) {
      scratch.commit(ask, choice);
    } else {
      failed.emplace(key, choice.metric);
    }
    out[i] = std::move(choice);
  }
}

std::vector<PlacementChoice> greedy_on(Scratch& scratch, const std::vector<const GroupAsk*>& asks,
                                       Scheduler& greedy) {
  std::vector<PlacementChoice> out(asks.size());
  std::vector<std::size_t> all(asks.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  place_greedily(scratch, asks, all, greedy, out);
  return out;
}

// The batch's task groups, in order of first appearance.
struct BatchGroup {
  const GroupAsk* ask = nullptr;
  std::vector<std::size_t> members;  // positions in the batch, ascending
};

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

// What a unit of flow on a group -> node arc costs, and how a class of alike nodes shares its
// flow. The flow's count is the same under both; they choose differently among maximum flows,
// and the one whose choice survives the in-order check may place more. Binpack's is tried first
// and kept on a tie, so that a batch that fits is packed; the other only when binpack's leaves
// allocations unplaced.
enum class ArcCost {
  // Binpack's fit after one placement (scheduler/feasible/rank.go, ScoreFitBinPack): the
  // fuller the node ends, the cheaper; a class's flow goes to as few of its nodes as fit it.
  kBinpack,
  // The ask's dominant share of the node's free resources, binpack's fit breaking ties: small
  // asks on roomy nodes, and a class's flow spread evenly over its nodes; the choice most likely
  // to fit in every dimension at once.
  kSmallestShare,
};
constexpr ArcCost kArcCosts[] = {ArcCost::kBinpack, ArcCost::kSmallestShare};

// One group -> node arc of the network.
struct Arc {
  int group = 0;
  std::int64_t capacity = 0;
  std::int64_t share_cost = 0;    // in [0, kCostScale]
  std::int64_t binpack_cost = 0;  // in [0, kCostScale]
  std::int64_t cost(ArcCost c) const {
    if (c == ArcCost::kBinpack) return binpack_cost;
    return share_cost * (static_cast<std::int64_t>(kCostScale) + 1) + binpack_cost;
  }
};

struct FlowProblem {
  int groups = 0;
  std::vector<std::int64_t> supply;  // by group: its pending allocations
  std::vector<Arc> arcs;             // by node, then group
  // Node n's arcs are arcs[first_arc[n]] to arcs[first_arc[n + 1]] (exclusive).
  std::vector<std::size_t> first_arc;
  std::vector<std::int64_t> node_capacity;  // by node index; 0 for nodes without arcs
};

FlowProblem build_problem(const Cluster& cluster, const AllocationTable& allocs,
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
      if (std::find(ask.datacenters.begin(), ask.datacenters.end(), node.shape.datacenter) ==
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
      problem.arcs.push_back(
          Arc{.group = g,
              .capacity = fit,
              .share_cost = std::llround(kCostScale * std::min(1.0, share)),
              .binpack_cost = std::llround(
                  kCostScale * (1 - score_fit_binpack(fraction) / kBinPackingMaxFitScore))});
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

// Nodes alike for the flow (the same arcs, capacities and costs, the same node capacity), as
// the nodes of one pool are before anything runs on them: one vertex in the network, so the
// solver's work grows with the kinds of node, not their number.
struct NodeClass {
  std::vector<int> members;  // node indexes, ascending
  std::size_t arcs_begin = 0;
  std::size_t arcs_end = 0;   // the first member's arcs, alike for all
  std::int64_t capacity = 0;  // per member
};

std::vector<NodeClass> node_classes(const FlowProblem& problem) {
  std::vector<NodeClass> classes;
  std::map<std::vector<std::int64_t>, std::size_t> index;
  for (std::size_t n = 0; n < problem.node_capacity.size(); ++n) {
    const std::size_t begin = problem.first_arc[n];
    const std::size_t end = problem.first_arc[n + 1];
    if (problem.node_capacity[n] <= 0 || begin == end) continue;
    std::vector<std::int64_t> key{problem.node_capacity[n]};
    for (std::size_t a = begin; a < end; ++a) {
      const Arc& arc = problem.arcs[a];
      key.insert(key.end(), {arc.group, arc.capacity, arc.share_cost, arc.binpack_cost});
    }
    const auto [it, added] = index.emplace(std::move(key), classes.size());
    if (added) classes.push_back(NodeClass{{}, begin, end, problem.node_capacity[n]});
    classes[it->second].members.push_back(static_cast<int>(n));
  }
  return classes;
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

struct FlowBudgetExhausted {};

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

// The min-cost maximum flow over node classes: by class, the flow on each of its arcs. Throws
// FlowBudgetExhausted once `work` passes `budget`.
std::vector<std::vector<std::int64_t>> solve_flow(const FlowProblem& problem,
                                                  const std::vector<NodeClass>& classes,
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
    const NodeClass& nc = classes[c];
    const auto k = static_cast<std::int64_t>(nc.members.size());
    for (std::size_t a = nc.arcs_begin; a < nc.arcs_end; ++a) {
      const Arc& arc = problem.arcs[a];
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

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// The node the flow gives each ask (-1: none). A class's flow is dealt out group after group,
// round-robin over its first `used` members: each member then gets at most ceil(total / used)
// allocations and ceil(flow / used) of each group, within its capacities whenever the class's
// are met `used` times over. kBinpack uses as few members as that allows, kSmallestShare all.
// A group's asks, in batch order, then fill its nodes in index order.
std::vector<int> flow_targets(const FlowProblem& problem, const std::vector<NodeClass>& classes,
                              const std::vector<std::vector<std::int64_t>>& flows, ArcCost arc_cost,
                              const std::vector<BatchGroup>& groups, std::size_t batch_size) {
  std::vector<std::vector<int>> nodes_of_group(groups.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const NodeClass& nc = classes[c];
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

struct Round {
  std::vector<PlacementChoice> choices;
  int placed = 0;
  std::vector<int> assigned;  // by node: asks the flow sent there
  std::vector<int> verified;  // by node: of those, the ones that fit when committed in order
};

// Commits the flow's targets in batch order, each checked by the scheduler (feasibility, ports,
// resources on the state so far), then places the rest greedily.
Round verify(Scratch& scratch, const std::vector<const GroupAsk*>& asks,
             const std::vector<int>& target, Scheduler& greedy) {
  scratch.rollback();
  Round round;
  round.choices.resize(asks.size());
  round.assigned.assign(static_cast<std::size_t>(scratch.cluster().size()), 0);
  round.verified.assign(static_cast<std::size_t>(scratch.cluster().size()), 0);
  // select_on needs no node order: bare evaluations, for their class and constraint caches.
  std::map<int, Evaluation> evals;
  std::vector<std::size_t> leftovers;
  for (std::size_t i = 0; i < asks.size(); ++i) {
    const int node = target[i];
    if (node < 0) {
      leftovers.push_back(i);
      continue;
    }
    ++round.assigned[static_cast<std::size_t>(node)];
    const GroupAsk& ask = *asks[i];
    PlacementChoice choice = greedy.select_on(scratch.cluster(), evals[ask.job], ask, node);
    if (choice.node < 0) {
      leftovers.push_back(i);
      continue;
    }
    ++round.verified[static_cast<std::size_t>(node)];
    scratch.commit(ask, choice);
    round.choices[i] = std::move(choice);
  }
  place_greedily(scratch, asks, leftovers, greedy, round.choices);
  round.placed = count_placed(round.choices);
  return round;
}

}  // namespace

std::vector<PlacementChoice> place_batch_greedy(const Cluster& cluster,
                                                const AllocationTable& allocs,
                                                const std::vector<const GroupAsk*>& asks,
                                                Scheduler& greedy) {
  Scratch scratch(cluster, allocs);
  return greedy_on(scratch, asks, greedy);
}

std::vector<PlacementChoice> place_batch_optimal(const Cluster& cluster,
                                                 const AllocationTable& allocs,
                                                 const std::vector<const GroupAsk*>& asks,
                                                 Scheduler& greedy, OptimalStats* stats) {
  OptimalStats local;
  OptimalStats& st = stats != nullptr ? *stats : local;
  st = OptimalStats{};
  Scratch scratch(cluster, allocs);
  std::vector<PlacementChoice> baseline = greedy_on(scratch, asks, greedy);
  st.greedy_placed = count_placed(baseline);

  const std::vector<BatchGroup> groups = group_batch(asks);
  const FlowProblem initial = build_problem(cluster, allocs, groups);
  std::vector<PlacementChoice> best;
  int best_placed = -1;
  std::int64_t work = 0;
  try {
    for (const ArcCost arc_cost : kArcCosts) {
      FlowProblem problem = initial;
      for (int r = 0; r < kMaxFlowRounds && best_placed < static_cast<int>(asks.size()); ++r) {
        const std::vector<NodeClass> classes = node_classes(problem);
        const auto flows = solve_flow(problem, classes, arc_cost, work, kFlowWorkBudget);
        ++st.flow_rounds;
        Round round =
            verify(scratch, asks,
                   flow_targets(problem, classes, flows, arc_cost, groups, asks.size()), greedy);
        if (round.placed > best_placed) {
          best_placed = round.placed;
          best = std::move(round.choices);
        }
        // A node that could not take its share in order gets the share it took.
        bool tightened = false;
        for (std::size_t n = 0; n < round.assigned.size(); ++n) {
          if (round.verified[n] < round.assigned[n] &&
              problem.node_capacity[n] > round.verified[n]) {
            problem.node_capacity[n] = round.verified[n];
            tightened = true;
          }
        }
        if (!tightened) break;
      }
    }
  } catch (const FlowBudgetExhausted&) {
    st.budget_exhausted = true;  // the rounds completed so far stand
  }
  st.flow_placed = std::max(best_placed, 0);
  st.chose_flow = best_placed >= 0 && best_placed >= st.greedy_placed;
  return st.chose_flow ? best : baseline;
}

}  // namespace portolan::models
