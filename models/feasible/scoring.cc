#include "models/feasible/scoring.h"

#include <cmath>
#include <cstdlib>

namespace portolan::models {
namespace {

// The clamp of ScoreFitBinPack/ScoreFitSpread, written as Nomad writes it (a NaN passes
// through unchanged, as in Go).
double clamp_fit(double score) {
  if (score > 18.0) return 18.0;
  if (score < 0) return 0;
  return score;
}

}  // namespace

FreeFraction compute_free_fraction(double node_cpu, double node_memory, double reserved_cpu,
                                   double reserved_memory, double used_cpu, double used_memory) {
  // funcs.go computeFreePercentage
  const double cpu = node_cpu - reserved_cpu;
  const double memory = node_memory - reserved_memory;
  return {1 - (used_cpu / cpu), 1 - (used_memory / memory)};
}

double score_fit_binpack(const FreeFraction& free) {
  // funcs.go ScoreFitBinPack: at 100% utilisation the total is 2, at 0% it is 20.
  const double total = std::pow(10.0, free.cpu) + std::pow(10.0, free.memory);
  return clamp_fit(20.0 - total);
}

double score_fit_spread(const FreeFraction& free) {
  // funcs.go ScoreFitSpread
  const double total = std::pow(10.0, free.cpu) + std::pow(10.0, free.memory);
  return clamp_fit(total - 2);
}

double normalized_fit_score(SchedulerAlgorithm algorithm, const FreeFraction& free) {
  // rank.go BinPackIterator.Next: fitness / binPackingMaxFitScore
  const double fitness =
      algorithm == SchedulerAlgorithm::kSpread ? score_fit_spread(free) : score_fit_binpack(free);
  return fitness / kBinPackingMaxFitScore;
}

std::optional<double> job_anti_affinity_score(int collisions, int desired_count) {
  // rank.go JobAntiAffinityIterator.Next
  if (collisions <= 0) return std::nullopt;
  return -1 * static_cast<double>(collisions + 1) / static_cast<double>(desired_count);
}

std::optional<double> reschedule_penalty_score(bool penalty_node) {
  // rank.go NodeReschedulingPenaltyIterator.Next
  if (!penalty_node) return std::nullopt;
  return -1.0;
}

std::optional<double> node_affinity_score(std::span<const AffinityMatch> affinities) {
  // rank.go NodeAffinityIterator.Next
  if (affinities.empty()) return std::nullopt;
  double sum_weight = 0.0;
  for (const auto& a : affinities) sum_weight += std::abs(static_cast<double>(a.weight));
  double total = 0.0;
  for (const auto& a : affinities) {
    if (a.matched) total += static_cast<double>(a.weight);
  }
  return total / sum_weight;
}

std::optional<double> node_affinity_score(const std::vector<Affinity>& affinities,
                                          const NodeView& node, ConstraintCache& cache) {
  std::vector<AffinityMatch> matches;
  matches.reserve(affinities.size());
  for (const auto& a : affinities) {
    // rank.go matchesAffinity -> feasible.go checkAffinity -> checkConstraint
    const bool matched = check_constraint(a.operand, resolve_target(a.ltarget, node),
                                          resolve_target(a.rtarget, node), cache);
    matches.push_back({a.weight, matched});
  }
  return node_affinity_score(matches);
}

std::vector<SpreadAttribute> build_spread_attributes(const std::vector<Spread>& job_spreads,
                                                     const std::vector<Spread>& group_spreads,
                                                     int group_count, SpreadEvalState& state) {
  // spread.go computeSpreadInfo: the group's blocks, then the job's, keyed by attribute.
  struct Info {
    int weight = 0;
    std::map<std::string, double> desired_counts;
  };
  std::map<std::string, Info> infos;
  const auto add_info = [&](const Spread& spread) {
    Info info{spread.weight, {}};
    double sum_desired = 0.0;
    for (const auto& target : spread.targets) {
      const double desired =
          (static_cast<double>(target.percent) / 100.0) * static_cast<double>(group_count);
      info.desired_counts[target.value] = desired;
      sum_desired += desired;
    }
    // Account for the remaining count only if there are spread targets.
    if (sum_desired > 0 && sum_desired < static_cast<double>(group_count)) {
      info.desired_counts[std::string(kImplicitSpreadTarget)] =
          static_cast<double>(group_count) - sum_desired;
    }
    infos[spread.attribute] = std::move(info);
    state.sum_spread_weights += static_cast<std::int32_t>(spread.weight);
  };
  for (const auto& s : group_spreads) add_info(s);
  for (const auto& s : job_spreads) add_info(s);

  // SpreadIterator.SetTaskGroup: one property set per block, the job's first.
  std::vector<SpreadAttribute> out;
  const auto add_set = [&](const Spread& spread) {
    SpreadAttribute a;
    a.attribute = spread.attribute;
    for (const auto& target : spread.targets) a.target_values.insert(target.value);
    const Info& info = infos[spread.attribute];
    a.weight = info.weight;
    a.desired_counts = info.desired_counts;
    out.push_back(std::move(a));
  };
  for (const auto& s : job_spreads) add_set(s);
  for (const auto& s : group_spreads) add_set(s);
  return out;
}

std::string targeted_property_value(const SpreadAttribute& attribute, const std::string& value) {
  if (attribute.target_values.empty() || attribute.target_values.contains(value)) return value;
  return std::string(kImplicitSpreadTarget);
}

std::map<std::string, std::uint64_t> combined_property_use(
    const std::set<std::string>& target_values,
    const std::map<std::string, std::uint64_t>& existing,
    const std::map<std::string, std::uint64_t>& proposed,
    const std::map<std::string, std::uint64_t>& stopping) {
  const auto targeted = [&](const std::string& v) {
    if (target_values.empty() || target_values.contains(v)) return v;
    return std::string(kImplicitSpreadTarget);
  };
  const auto by_target = [&](const std::map<std::string, std::uint64_t>& counts) {
    std::map<std::string, std::uint64_t> out;
    for (const auto& [value, n] : counts) out[targeted(value)] += n;
    return out;
  };
  const auto existing_t = by_target(existing);
  const auto proposed_t = by_target(proposed);
  auto cleared = by_target(stopping);
  // propertySet.PopulateProposed: remove any cleared value now used by the proposed allocs.
  for (const auto& [value, n] : proposed_t) {
    const auto it = cleared.find(value);
    if (it == cleared.end()) continue;
    if (it->second == 0) {
      cleared.erase(it);
    } else if (it->second > 1) {
      --it->second;
    }
  }
  // propertySet.GetCombinedUseMap
  std::map<std::string, std::uint64_t> combined;
  for (const auto* counts : {&existing_t, &proposed_t}) {
    for (const auto& [value, n] : *counts) combined[value] += n;
  }
  for (const auto& [value, n] : cleared) {
    const auto it = combined.find(value);
    if (it == combined.end()) continue;
    it->second = it->second >= n ? it->second - n : 0;  // don't clear below 0
  }
  return combined;
}

double even_spread_score_boost(const std::map<std::string, std::uint64_t>& combined_use,
                               const std::optional<std::string>& node_value) {
  // spread.go evenSpreadScoreBoost
  if (combined_use.empty()) return 0.0;  // nothing placed yet
  if (!node_value) return -1.0;
  const auto it = combined_use.find(*node_value);
  const std::uint64_t current = it == combined_use.end() ? 0 : it->second;
  std::uint64_t min_count = 0;
  std::uint64_t max_count = 0;
  for (const auto& [value, count] : combined_use) {
    if (min_count == 0 || count < min_count) min_count = count;
    if (max_count == 0 || count > max_count) max_count = count;
  }
  double delta_boost = -1.0;
  if (min_count != 0) {
    const auto delta = static_cast<std::int64_t>(min_count) - static_cast<std::int64_t>(current);
    delta_boost = static_cast<double>(delta) / static_cast<double>(min_count);
  }
  if (current != min_count) return delta_boost;  // boost by the gap to the minimum
  if (min_count == max_count) return -1.0;       // even distribution: maximum penalty
  if (min_count == 0) return 1.0;                // nothing here yet: maximum boost
  const auto delta = static_cast<std::int64_t>(max_count) - static_cast<std::int64_t>(min_count);
  return static_cast<double>(delta) / static_cast<double>(min_count);
}

std::optional<double> spread_score(const std::vector<SpreadAttribute>& attributes,
                                   const std::vector<SpreadObservation>& observations,
                                   SpreadEvalState& state) {
  // spread.go SpreadIterator.Next
  if (attributes.empty()) return std::nullopt;
  double total = 0.0;
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    const SpreadAttribute& a = attributes[i];
    const SpreadObservation& o = observations[i];
    // propertySet.UsedCount: a node without the attribute is an error, scored -1.
    if (!o.node_value) {
      total -= 1.0;
      continue;
    }
    if (a.desired_counts.empty()) {
      total += even_spread_score_boost(o.combined_use, o.node_value);
      continue;
    }
    const std::string key = targeted_property_value(a, *o.node_value);
    const auto used_it = o.combined_use.find(key);
    // Add one to include placement on this node in the scoring calculation.
    const std::uint64_t used = (used_it == o.combined_use.end() ? 0 : used_it->second) + 1;
    auto desired_it = a.desired_counts.find(key);
    if (desired_it == a.desired_counts.end()) {
      desired_it = a.desired_counts.find(std::string(kImplicitSpreadTarget));
      if (desired_it == a.desired_counts.end()) {
        total -= 1.0;  // desired count is zero: the default penalty
        continue;
      }
    }
    const double desired = desired_it->second;
    const double weight =
        static_cast<double>(a.weight) / static_cast<double>(state.sum_spread_weights);
    if (desired == 0) {
      total += state.lowest_spread_boost;
      continue;
    }
    const double boost = ((desired - static_cast<double>(used)) / desired) * weight;
    total += boost;
    if (boost < state.lowest_spread_boost) state.lowest_spread_boost = boost;
  }
  if (total == 0.0) return std::nullopt;
  return total;
}

double net_priority(std::span<const int> priorities) {
  // rank.go netPriority
  int sum = 0;
  double max = 0.0;
  for (const int p : priorities) {
    if (static_cast<double>(p) > max) max = static_cast<double>(p);
    sum += p;
  }
  return max + (static_cast<double>(sum) / max);
}

double preemption_score(double net_priority) {
  // rank.go preemptionScore: a logistic curve, 0.5 at a net priority of 2048.
  constexpr double kRate = 0.0048;
  constexpr double kOrigin = 2048.0;
  return 1.0 / (1 + std::exp(kRate * (net_priority - kOrigin)));
}

int applied_scorers(const ScoreBreakdown& s) {
  int n = 0;
  for (const auto* o : {&s.binpack, &s.job_anti_affinity, &s.reschedule_penalty, &s.node_affinity,
                        &s.spread, &s.preemption}) {
    if (o->has_value()) ++n;
  }
  return n;
}

double final_score(const ScoreBreakdown& s) {
  // rank.go ScoreNormalizationIterator.Next: sum / len(option.Scores)
  double sum = 0.0;
  int n = 0;
  for (const auto* o : {&s.binpack, &s.job_anti_affinity, &s.reschedule_penalty, &s.node_affinity,
                        &s.spread, &s.preemption}) {
    if (o->has_value()) {
      sum += **o;
      ++n;
    }
  }
  if (n == 0) return 0.0;
  return sum / static_cast<double>(n);
}

}  // namespace portolan::models
