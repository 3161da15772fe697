#include "models/placement/scheduler.h"

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

Collisions collisions_on(const Node& n, const GroupAsk& ask) {
  return Collisions{n.count_of_job(ask.job), n.count_of_group(ask.job, ask.group)};
}

// The checks whose outcome depends only on what the node is, not on which node it is: the
// same for every node of one computed class.
std::optional<NodeFilter> class_infeasibility(const Node& node, const GroupAsk& ask,
                                              ConstraintCache& cache) {
  const NodeView view = view_of(node);
  // Feasibility, in GenericStack's order (scheduler/feasible/stack.go NewGenericStack):
  // job and group constraints, drivers, network; distinct_hosts and distinct_property follow.
  for (const auto& c : ask.constraints) {
    if (!meets_constraint(c, view, cache)) {
      return NodeFilter{constraint_string(c), FilterStage::kConstraint};  // ConstraintChecker
    }
  }
  for (const auto& d : ask.drivers) {
    if (node.shape.drivers.count(d) == 0) {
      return NodeFilter{"missing drivers", FilterStage::kDriver};  // FilterConstraintDrivers
    }
  }
  if (!network_mode_available(node, ask.network_mode)) {
    return NodeFilter{"missing network", FilterStage::kNetwork};  // NetworkChecker.Feasible
  }
  for (const auto& p : ask.ports) {
    if (!node.network.has_host_network(p.host_network)) {
      // feasible.go NetworkChecker.hasHostNetworks
      return NodeFilter{
          "missing host network \"" + p.host_network + "\" for port \"" + p.label + "\"",
          FilterStage::kNetwork};
    }
  }
  return std::nullopt;
}

}  // namespace

DistinctPropertyUse distinct_property_use(const Cluster& cluster, const GroupAsk& ask) {
  DistinctPropertyUse use(ask.distinct_properties.size());
  if (use.empty()) return use;
  for (int n = 0; n < cluster.size(); ++n) {
    const Node& node = cluster.node(n);
    const int count = node.count_of_job(ask.job);
    if (count == 0) continue;
    const NodeView view = view_of(node);
    for (std::size_t i = 0; i < use.size(); ++i) {
      const auto value = resolve_target(ask.distinct_properties[i].ltarget, view);
      if (value) use[i][*value] += static_cast<std::uint64_t>(count);
    }
  }
  return use;
}

namespace {

// distinct_hosts and distinct_property: they count allocations, so they are per node. `use`
// is distinct_property_use() of the cluster as it stands, or nullptr to count here.
std::optional<NodeFilter> instance_infeasibility(const Cluster& cluster, const GroupAsk& ask,
                                                 int node_index, const DistinctPropertyUse* use) {
  const Node& node = cluster.node(node_index);
  // Without distinct_hosts nothing is counted: each count is a hash lookup on a node that
  // holds hundreds of jobs, for every node considered.
  const bool distinct_hosts = ask.job_distinct_hosts || ask.group_distinct_hosts;
  const Collisions collisions = distinct_hosts ? collisions_on(node, ask) : Collisions{};
  if (!satisfies_distinct_hosts(ask.job_distinct_hosts, ask.group_distinct_hosts,
                                collisions.same_job, collisions.same_group)) {
    return NodeFilter{std::string(kConstraintDistinctHosts),
                      FilterStage::kDistinctHosts};  // DistinctHostsIterator
  }
  if (ask.distinct_properties.empty()) return std::nullopt;
  const NodeView view = view_of(node);
  DistinctPropertyUse counted;
  for (std::size_t i = 0; i < ask.distinct_properties.size(); ++i) {
    const auto& c = ask.distinct_properties[i];
    const DistinctPropertyLimit limit = distinct_property_limit(c.rtarget);
    const auto node_value = resolve_target(c.ltarget, view);
    std::uint64_t used = 0;
    // A limit that does not parse ("-1") fails every node whatever the use: nothing to count.
    if (node_value && limit.error.empty()) {
      if (use == nullptr) {
        if (counted.empty()) counted = distinct_property_use(cluster, ask);
        use = &counted;
      }
      const auto it = (*use)[i].find(*node_value);
      used = it == (*use)[i].end() ? 0 : it->second;
    }
    const auto result = satisfies_distinct_property(c.ltarget, limit, node_value, used);
    if (!result.satisfied) {
      return NodeFilter{result.reason, FilterStage::kDistinctProperty};  // DistinctPropertyIterator
    }
  }
  return std::nullopt;
}

// Whether a constraint names a node-unique value, which escapes computed-class caching
// (nomad/structs/node_class.go EscapedConstraints: targets under ${node.unique.}).
bool escapes_class(const GroupAsk& ask) {
  for (const auto& c : ask.constraints) {
    if (c.ltarget.find("${node.unique.") != std::string::npos ||
        c.rtarget.find("${node.unique.") != std::string::npos) {
      return true;
    }
  }
  return false;
}

// The scores Nomad's ranking iterators record for a node (scheduler/feasible/rank.go, ScoreNode
// calls): binpack always; job-anti-affinity, node-reschedule-penalty and node-affinity as 0
// when they do not apply; allocation-spread only with spread blocks.
NodeScoreMeta score_meta(int node, const ScoreBreakdown& s, double final) {
  NodeScoreMeta meta;
  meta.node = node;
  meta.norm_score = final;
  meta.set(Scorer::kBinpack, s.binpack.value_or(0));
  meta.set(Scorer::kJobAntiAffinity, s.job_anti_affinity.value_or(0));
  meta.set(Scorer::kNodeReschedulePenalty, s.reschedule_penalty.value_or(0));
  meta.set(Scorer::kNodeAffinity, s.node_affinity.value_or(0));
  if (s.spread) meta.set(Scorer::kAllocationSpread, *s.spread);
  if (s.preemption) meta.set(Scorer::kPreemption, *s.preemption);
  return meta;
}

}  // namespace

bool node_feasible(const Cluster& cluster, const AllocationTable& /*allocs: counted on nodes*/,
                   ConstraintCache& cache, const GroupAsk& ask, int node_index,
                   PlacementMetric& metric, const DistinctPropertyUse* use) {
  auto reason = class_infeasibility(cluster.node(node_index), ask, cache);
  if (!reason) reason = instance_infeasibility(cluster, ask, node_index, use);
  if (reason)
    metric.filter(cluster.node(node_index).shape.node_class, reason->reason, reason->stage);
  return !reason;
}

// The spread blocks of the group being placed and the use of each attribute's values by the
// group's live allocations, computed once per placement.
struct Scheduler::SpreadContext {
  const std::vector<SpreadAttribute>* attributes = nullptr;
  std::vector<std::map<std::string, std::uint64_t>> combined_use;
};

Evaluation Scheduler::begin_evaluation(const Cluster& cluster,
                                       const std::vector<std::string>& datacenters,
                                       const std::string& node_pool, bool batch, sim::Rng rng) {
  Evaluation eval;
  eval.rng = rng;
  if (const auto p = pool_policies_.find(node_pool); p != pool_policies_.end()) {
    eval.fit_policy = p->second.get();
  }
  // The job's datacenters and node pool as the cluster's ids (in_node_pool's rule: "" and
  // "all" take every pool); a name no node has matches none.
  std::vector<int> dc_ids;
  for (const auto& dc : datacenters) dc_ids.push_back(cluster.datacenter_id(dc));
  const bool any_pool = node_pool.empty() || node_pool == "all";
  const int pool_id = any_pool ? -1 : cluster.node_pool_id(node_pool);
  std::vector<int> count(dc_ids.size(), 0);  // by position in `datacenters`
  if (any_pool || pool_id >= 0) {
    for (int i = 0; i < cluster.size(); ++i) {
      const Node& n = cluster.node(i);
      if (!n.schedulable_now() || (!any_pool && n.node_pool_id != pool_id)) continue;
      const auto dc = std::find(dc_ids.begin(), dc_ids.end(), n.datacenter_id);
      if (dc == dc_ids.end()) continue;
      eval.order.push_back(i);
      ++count[static_cast<std::size_t>(dc - dc_ids.begin())];
    }
  }
  SortedMap<int> available;
  for (std::size_t k = 0; k < datacenters.size(); ++k) {
    available.try_emplace(datacenters[k], 0).first->second += count[k];
  }
  eval.nodes_available = std::make_shared<const SortedMap<int>>(std::move(available));
  shuffle_nodes(std::span<int>(eval.order), eval.rng);
  eval.cursor.set_nodes(eval.order.size());
  eval.limit.set_nodes(eval.order.size(), batch);
  return eval;
}

Scheduler::Verdict Scheduler::consider(const Cluster& cluster, Evaluation& eval,
                                       const GroupAsk& ask, int node_index, int penalty_node,
                                       SpreadContext* spread, const DistinctPropertyUse* use,
                                       PlacementMetric& metric, TopScores& top,
                                       PlacementChoice& choice) {
  metric.evaluate();
  const Node& node = cluster.node(node_index);
  // Class-level checks are cached per computed class for the evaluation, as Nomad's
  // FeasibilityWrapper does (scheduler/feasible/feasible.go, EvalEligibility).
  std::optional<NodeFilter> reason;
  if (escapes_class(ask)) {
    reason = class_infeasibility(node, ask, eval.cache);
  } else {
    const std::int64_t key = Node::group_key(ask.job * 4096 + ask.group, node.computed_class);
    auto it = eval.class_verdicts.find(key);
    if (it == eval.class_verdicts.end()) {
      it = eval.class_verdicts.emplace(key, class_infeasibility(node, ask, eval.cache)).first;
    }
    reason = it->second;
  }
  if (!reason) reason = instance_infeasibility(cluster, ask, node_index, use);
  const std::string& node_class = node.shape.node_class;
  if (reason) {
    metric.filter(node_class, reason->reason, reason->stage);
    return Verdict::kFiltered;
  }
  // Fit: ports first, then cpu, memory, disk (scheduler/feasible/rank.go BinPackIterator.Next).
  auto assignment = node.network.assign(ask.ports, eval.rng);
  if (!assignment.ok()) {
    metric.exhaust(node_class, "network: " + assignment.error());
    return Verdict::kExhausted;
  }
  const ResourceVector schedulable = node.schedulable();
  const ResourceVector used = cluster.used(node_index) + ask.resources;
  if (const int dim = first_exhausted(schedulable, used); dim >= 0) {
    metric.exhaust(node_class, std::string(kDimensionNames[dim]));
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
  const PlacementPolicy& fit = eval.fit_policy != nullptr ? *eval.fit_policy : policy_;
  scores.binpack = fit.fit_score({.free_cpu = free.cpu,
                                  .free_memory = free.memory,
                                  .node = node_index,
                                  .node_name = node.name,
                                  .pool = node.shape.pool,
                                  .job = ask.job_name,
                                  .group = ask.group_name,
                                  .ask_cpu_mhz = static_cast<double>(ask.resources[kCpu]),
                                  .ask_memory_mb = static_cast<double>(ask.resources[kMemory])}) /
                   kBinPackingMaxFitScore;
  scores.job_anti_affinity =
      job_anti_affinity_score(node.count_of_group(ask.job, ask.group), ask.count);
  scores.reschedule_penalty = reschedule_penalty_score(penalty_node == node_index);
  // The view reads five more cache lines of the node: only affinities and spreads need it.
  if (!ask.affinities.empty()) {
    scores.node_affinity = node_affinity_score(ask.affinities, view_of(node), eval.cache);
  }
  if (spread != nullptr) {
    const NodeView view = view_of(node);
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
  top.add(score_meta(node_index, scores, choice.score));
  return Verdict::kFeasible;
}

PlacementChoice Scheduler::select(const Cluster& cluster, const AllocationTable& allocs,
                                  Evaluation& eval, const GroupAsk& ask, int penalty_node) {
  PlacementChoice best;
  best.metric.nodes_available = eval.nodes_available;
  best.metric.nodes_in_pool = static_cast<int>(eval.order.size());
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

  const DistinctPropertyUse use = distinct_property_use(cluster, ask);

  // Options the limit iterator may still return: at most limit + maxSkip of them.
  std::vector<Evaluation::Candidate>& candidates = eval.candidates;
  candidates.clear();
  TopScores& top = best.top;
  const int dynamic_ports = static_cast<int>(std::count_if(
      ask.ports.begin(), ask.ports.end(), [](const PortAsk& p) { return p.static_port == 0; }));
  const RankSource source = [&]() -> std::optional<RankedOption> {
    while (const auto position = eval.cursor.next()) {
      // The nodes are visited in a shuffled order, each one a cache miss: start loading the
      // next ones while this one is examined, each step using what the step before fetched
      // (the record four ahead, the port index of the one three ahead, then for the one two
      // ahead its group count and the port word its first draw would test, guessing that each
      // node before it takes one draw per dynamic port). Two steps between each load and its
      // use measured a few percent faster at 10,000 nodes than one (bench/README.md).
      const std::size_t n = eval.order.size();
      cluster.prefetch(eval.order[(*position + 4) % n]);
      cluster.prefetch_network(eval.order[(*position + 3) % n]);
      cluster.prefetch_scoring(eval.order[(*position + 2) % n], ask.job, ask.group, ask.ports,
                               eval.rng, 2 * dynamic_ports);
      PlacementChoice candidate;
      if (consider(cluster, eval, ask, eval.order[*position], penalty_node,
                   has_spread ? &spread : nullptr, &use, best.metric, top,
                   candidate) == Verdict::kFeasible) {
        candidates.push_back({.position = *position,
                              .node = candidate.node,
                              .score = candidate.score,
                              .ports = std::move(candidate.ports)});
        return RankedOption{.node = *position, .final_score = candidate.score};
      }
    }
    return std::nullopt;
  };
  LimitIterator limiter(eval.limit.limit());
  if (const auto chosen = select_max_score(limiter, source)) {
    for (auto& c : candidates) {
      if (c.position != chosen->node) continue;
      best.node = c.node;
      best.ports = std::move(c.ports);
      best.score = c.score;
      break;
    }
  }
  return best;
}

PlacementChoice Scheduler::select_on(const Cluster& cluster, Evaluation& eval, const GroupAsk& ask,
                                     int node) {
  PlacementChoice choice;
  choice.metric.nodes_available = eval.nodes_available;
  choice.metric.nodes_in_pool = static_cast<int>(eval.order.size());
  PlacementChoice candidate;
  const Verdict verdict = consider(cluster, eval, ask, node, -1, nullptr, nullptr, choice.metric,
                                   choice.top, candidate);
  if (verdict == Verdict::kFeasible) {
    choice.node = candidate.node;
    choice.ports = std::move(candidate.ports);
    choice.score = candidate.score;
  }
  return choice;
}

}  // namespace portolan::models
