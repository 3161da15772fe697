#include "models/scheduler.h"

#include <algorithm>
#include <map>

namespace portolan::models {
namespace {

NodeView view_of(const Node& n) {
  return NodeView{.id = n.id,
                  .name = n.name,
                  .datacenter = n.shape.datacenter,
                  .node_class = n.shape.node_class,
                  .node_pool = "default",
                  .attributes = &n.shape.attributes,
                  .meta = &n.shape.meta};
}

bool network_mode_available(const Node& n, const std::string& mode) {
  if (mode == "host" || mode == "none") return true;
  // Bridge networking is fingerprinted only where the CNI bridge plugin is installed
  // (client/fingerprint/bridge_linux.go); cni/NAME needs that CNI network configured.
  if (mode == "bridge") return n.shape.cni_plugins.count("bridge") > 0;
  if (mode.rfind("cni/", 0) == 0) return n.shape.cni_networks.count(mode.substr(4)) > 0;
  return false;
}

struct Collisions {
  int same_job = 0;
  int same_group = 0;
};

Collisions collisions_on(const Node& n, const AllocationTable& allocs, const GroupAsk& ask) {
  Collisions c;
  for (const int id : n.allocs) {
    const Allocation& a = allocs[static_cast<std::size_t>(id)];
    if (a.job != ask.job) continue;
    ++c.same_job;
    if (a.group == ask.group) ++c.same_group;
  }
  return c;
}

}  // namespace

bool node_feasible(const Cluster& cluster, const AllocationTable& allocs, ConstraintCache& cache,
                   const GroupAsk& ask, int node_index, PlacementMetric& metric) {
  const Node& node = cluster.node(node_index);
  const NodeView view = view_of(node);

  // Feasibility, in GenericStack's order (scheduler/feasible/stack.go NewGenericStack):
  // job and group constraints, drivers, network, distinct_hosts, distinct_property.
  for (const auto& c : ask.constraints) {
    if (!meets_constraint(c, view, cache)) {
      metric.filter(constraint_string(c));  // ConstraintChecker.Feasible
      return false;
    }
  }
  for (const auto& d : ask.drivers) {
    if (node.shape.drivers.count(d) == 0) {
      metric.filter("missing drivers");  // feasible.go FilterConstraintDrivers
      return false;
    }
  }
  if (!network_mode_available(node, ask.network_mode)) {
    metric.filter("missing network");  // feasible.go NetworkChecker.Feasible
    return false;
  }
  for (const auto& p : ask.ports) {
    if (!node.network.has_host_network(p.host_network)) {
      // feasible.go NetworkChecker.hasHostNetworks
      metric.filter("missing host network \"" + p.host_network + "\" for port \"" + p.label + "\"");
      return false;
    }
  }
  const Collisions collisions = collisions_on(node, allocs, ask);
  if (!satisfies_distinct_hosts(ask.job_distinct_hosts, ask.group_distinct_hosts,
                                collisions.same_job, collisions.same_group)) {
    metric.filter(std::string(kConstraintDistinctHosts));  // DistinctHostsIterator
    return false;
  }
  for (const auto& c : ask.distinct_properties) {
    const auto node_value = resolve_target(c.ltarget, view);
    std::uint64_t used = 0;
    if (node_value) {
      for (int other = 0; other < cluster.size(); ++other) {
        const Node& o = cluster.node(other);
        const auto value = resolve_target(c.ltarget, view_of(o));
        if (!value || *value != *node_value) continue;
        for (const int id : o.allocs) used += allocs[static_cast<std::size_t>(id)].job == ask.job;
      }
    }
    const auto result = satisfies_distinct_property(c.ltarget, distinct_property_limit(c.rtarget),
                                                    node_value, used);
    if (!result.satisfied) {
      metric.filter(result.reason);  // DistinctPropertyIterator
      return false;
    }
  }

  return true;
}

// The spread blocks of the group being placed and the use of each attribute's values by the
// group's live allocations, computed once per placement.
struct Scheduler::SpreadContext {
  const std::vector<SpreadAttribute>* attributes = nullptr;
  std::vector<std::map<std::string, std::uint64_t>> combined_use;
};

Evaluation Scheduler::begin_evaluation(const Cluster& cluster,
                                       const std::vector<std::string>& datacenters, bool batch) {
  Evaluation eval;
  for (int i = 0; i < cluster.size(); ++i) {
    const Node& n = cluster.node(i);
    if (!n.schedulable_now()) continue;
    if (std::find(datacenters.begin(), datacenters.end(), n.shape.datacenter) ==
        datacenters.end()) {
      continue;
    }
    eval.order.push_back(i);
  }
  shuffle_nodes(std::span<int>(eval.order), rng_);
  eval.cursor.set_nodes(eval.order.size());
  eval.limit.set_nodes(eval.order.size(), batch);
  return eval;
}

Scheduler::Verdict Scheduler::consider(const Cluster& cluster, const AllocationTable& allocs,
                                       Evaluation& eval, const GroupAsk& ask, int node_index,
                                       int penalty_node, SpreadContext* spread,
                                       PlacementMetric& metric, PlacementChoice& choice) {
  ++metric.nodes_evaluated;
  if (!node_feasible(cluster, allocs, eval.cache, ask, node_index, metric)) {
    return Verdict::kFiltered;
  }
  const Node& node = cluster.node(node_index);
  const NodeView view = view_of(node);
  const Collisions collisions = collisions_on(node, allocs, ask);

  // Fit: ports first, then cpu, memory, disk (scheduler/feasible/rank.go BinPackIterator.Next).
  auto assignment = node.network.assign(ask.ports, rng_);
  if (!assignment.ok()) {
    metric.exhaust("network: " + assignment.error());
    return Verdict::kExhausted;
  }
  const ResourceVector schedulable = node.schedulable();
  const ResourceVector used = cluster.used(node_index) + ask.resources;
  if (const int dim = first_exhausted(schedulable, used); dim >= 0) {
    metric.exhaust(std::string(kDimensionNames[dim]));
    return Verdict::kExhausted;
  }

  // Scores, in GenericStack's order, averaged by ScoreNormalizationIterator.
  const FreeFraction free =
      compute_free_fraction(static_cast<double>(node.shape.capacity[kCpu]),
                            static_cast<double>(node.shape.capacity[kMemory]),
                            static_cast<double>(node.shape.reserved[kCpu]),
                            static_cast<double>(node.shape.reserved[kMemory]),
                            static_cast<double>(used[kCpu]), static_cast<double>(used[kMemory]));
  ScoreBreakdown scores;
  scores.binpack =
      policy_.fit_score({.free_cpu = free.cpu, .free_memory = free.memory, .node = node_index}) /
      kBinPackingMaxFitScore;
  scores.job_anti_affinity = job_anti_affinity_score(collisions.same_group, ask.count);
  scores.reschedule_penalty = reschedule_penalty_score(penalty_node == node_index);
  scores.node_affinity = node_affinity_score(ask.affinities, view, eval.cache);
  if (spread != nullptr) {
    std::vector<SpreadObservation> observations;
    for (std::size_t i = 0; i < spread->attributes->size(); ++i) {
      observations.push_back(
          {resolve_target((*spread->attributes)[i].attribute, view), spread->combined_use[i]});
    }
    scores.spread = spread_score(*spread->attributes, observations, eval.spread_state);
  }
  choice.node = node_index;
  choice.ports = assignment.take_ports();
  choice.score = final_score(scores);
  return Verdict::kFeasible;
}

PlacementChoice Scheduler::select(const Cluster& cluster, const AllocationTable& allocs,
                                  Evaluation& eval, const GroupAsk& ask, int penalty_node) {
  PlacementChoice best;
  eval.cursor.reset();
  eval.limit.select(ask.has_affinities_or_spreads(), ask.count);

  SpreadContext spread;
  const bool has_spread = !ask.job_spreads.empty() || !ask.group_spreads.empty();
  if (has_spread) {
    auto it = eval.spread_attributes.find(ask.group);
    if (it == eval.spread_attributes.end()) {
      it = eval.spread_attributes
               .emplace(ask.group, build_spread_attributes(ask.job_spreads, ask.group_spreads,
                                                           ask.count, eval.spread_state))
               .first;
    }
    spread.attributes = &it->second;
    for (const auto& attribute : it->second) {
      std::map<std::string, std::uint64_t> existing;
      for (int n = 0; n < cluster.size(); ++n) {
        const Node& node = cluster.node(n);
        const auto value = resolve_target(attribute.attribute, view_of(node));
        if (!value) continue;
        for (const int id : node.allocs) {
          const Allocation& a = allocs[static_cast<std::size_t>(id)];
          if (a.job == ask.job && a.group == ask.group) ++existing[*value];
        }
      }
      spread.combined_use.push_back(
          combined_property_use(attribute.target_values, existing, {}, {}));
    }
  }

  std::map<std::size_t, PlacementChoice> candidates;  // by position in eval.order
  const RankSource source = [&]() -> std::optional<RankedOption> {
    while (const auto position = eval.cursor.next()) {
      PlacementChoice candidate;
      if (consider(cluster, allocs, eval, ask, eval.order[*position], penalty_node,
                   has_spread ? &spread : nullptr, best.metric, candidate) == Verdict::kFeasible) {
        const double score = candidate.score;
        candidates[*position] = std::move(candidate);
        return RankedOption{.node = *position, .final_score = score};
      }
    }
    return std::nullopt;
  };
  LimitIterator limiter(eval.limit.limit());
  if (const auto chosen = select_max_score(limiter, source)) {
    PlacementChoice& c = candidates[chosen->node];
    best.node = c.node;
    best.ports = std::move(c.ports);
    best.score = c.score;
  }
  return best;
}

PlacementChoice Scheduler::select_on(const Cluster& cluster, const AllocationTable& allocs,
                                     Evaluation& eval, const GroupAsk& ask, int node) {
  PlacementChoice choice;
  PlacementChoice candidate;
  if (consider(cluster, allocs, eval, ask, node, -1, nullptr, choice.metric, candidate) ==
      Verdict::kFeasible) {
    choice.node = candidate.node;
    choice.ports = std::move(candidate.ports);
    choice.score = candidate.score;
  }
  return choice;
}

}  // namespace portolan::models
