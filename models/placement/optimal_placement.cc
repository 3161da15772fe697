#include "models/placement/optimal_placement.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/placement/batch_flow.h"

namespace portolan::models {
namespace {

// Flow rounds per cost before settling: each round that does not place everything lowers the
// capacity of at least one node, so the rounds end anyway; the bound keeps a batch's cost
// predictable.
constexpr int kMaxFlowRounds = 6;
// Edge examinations the flow solver may spend on one batch, all rounds together (about half a
// second): past it the rounds so far stand, or greedy's placement when there were none.
constexpr std::int64_t kFlowWorkBudget = 40'000'000;

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
    a.ports = port_bindings(choice.ports);
    Node& node = cluster_.node(choice.node);
    if (const std::string error = node.network.commit(a.id, choice.ports); !error.empty()) {
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
  std::map<int, Evaluation> evals;                        // by job, begun at its first ask
  std::map<std::pair<int, int>, PlacementChoice> failed;  // the group's failure
  for (const std::size_t i : which) {
    const GroupAsk& ask = *asks[i];
    const std::pair<int, int> key{ask.job, ask.group};
    if (const auto f = failed.find(key); f != failed.end()) {
      out[i] = f->second;
      continue;
    }
    auto it = evals.find(ask.job);
    if (it == evals.end()) {
      it =
          evals
              .emplace(ask.job, greedy.begin_evaluation(scratch.cluster(), ask.datacenters,
                                                        ask.node_pool, ask.type == JobType::kBatch))
              .first;
    }
    PlacementChoice choice = greedy.select(scratch.cluster(), scratch.allocs(), it->second, ask);
    if (choice.node >= 0) {
      scratch.commit(ask, choice);
    } else {
      failed.emplace(key, choice);
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
  const FlowProblem initial = build_flow_problem(cluster, allocs, groups);
  std::vector<PlacementChoice> best;
  int best_placed = -1;
  std::int64_t work = 0;
  try {
    for (const ArcCost arc_cost : kArcCosts) {
      FlowProblem problem = initial;
      for (int r = 0; r < kMaxFlowRounds && best_placed < static_cast<int>(asks.size()); ++r) {
        const std::vector<FlowNodeClass> classes = flow_node_classes(problem);
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
