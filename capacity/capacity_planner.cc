#include "capacity/capacity_planner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <thread>

#include "capacity/lower_bound.h"
#include "capacity/workload_demand.h"

namespace portolan::capacity {
namespace {

constexpr double kCostEpsilon = 1e-9;
constexpr long kMaxPrefixes = 1000000;

std::string money(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

bool dominates(const Mix& a, const Mix& b);

class Search {
 public:
  Search(const scenario::LoadedScenario& loaded, const PlanOptions& options)
      : loaded_(loaded),
        request_(read_request(loaded)),
        demand_(workload_demand(loaded.scenario)),
        options_(options),
        jobs_(options.jobs > 0
                  ? options.jobs
                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
    for (const auto& s : request_.shapes) plan_.shapes.push_back(s.pool.name());
    bisected_ = request_.shapes.size() - 1;
    for (std::size_t i = request_.shapes.size(); i-- > 0;) {
      if (request_.shapes[i].max_count > request_.shapes[i].min_count) {
        bisected_ = i;
        break;
      }
    }
    plan_.seeds = request_.requirements.seeds;
    plan_.seeds_needed = request_.requirements.seeds_needed();
  }

  const CapacityRequest& request() const { return request_; }
  std::size_t bisected() const { return bisected_; }

  // The mix of a prefix (the other shapes' counts, in order) and the bisected shape's count.
  Mix with(const Mix& prefix, int count) const {
    Mix m = prefix;
    m.insert(m.begin() + static_cast<std::ptrdiff_t>(bisected_), count);
    return m;
  }
  Mix prefix_of(const Mix& mix) const {
    Mix m = mix;
    m.erase(m.begin() + static_cast<std::ptrdiff_t>(bisected_));
    return m;
  }

  std::optional<BoundFailure> bound(const Mix& mix) const {
    return check_lower_bounds(demand_,
                              candidate_nodes(candidate_pools(loaded_.scenario, request_, mix)),
                              request_.requirements);
  }

  // `mix` judged on the first wave of seeds at least (a screened, provisional pass when every
  // seed of it passed), memoised.
  const Evaluation& screen(const Mix& mix) { return judged(mix); }

  // `mix` judged on every seed needed.
  const Evaluation& confirm(const Mix& mix) {
    Evaluation& e = judged(mix);
    if (e.complete) return e;
    const int before = e.runs;
    evaluate_waves(build_candidate(loaded_, request_, mix), request_.requirements,
                   loaded_.scenario.run().seed(), jobs_, false, &e, options_.runner);
    plan_.simulations += e.runs - before;
    rows_[row_index_.at(mix)].second = row_of(e);
    if (options_.progress) options_.progress(simulated_, plan_.simulations);
    return e;
  }

 private:
  Evaluation& judged(const Mix& mix) {
    if (const auto it = memo_.find(mix); it != memo_.end()) return it->second;
    const CandidateCluster candidate = build_candidate(loaded_, request_, mix);
    validate_candidate(candidate);
    Evaluation e;
    evaluate_waves(candidate, request_.requirements, loaded_.scenario.run().seed(), jobs_, true, &e,
                   options_.runner);
    plan_.simulations += e.runs;
    rows_.emplace_back(next_row_++, row_of(e));
    row_index_[mix] = rows_.size() - 1;
    ++simulated_;
    if (options_.progress) options_.progress(simulated_, plan_.simulations);
    return memo_.emplace(mix, std::move(e)).first->second;
  }

  CandidateRow row_of(const Evaluation& e) const {
    CandidateRow row;
    row.mix = e.mix;
    row.cost_per_hour = mix_cost(request_, e.mix);
    row.verdict = e.passed ? "pass" : "fail";
    row.evaluation = e.complete ? "simulated" : "screened";
    if (!e.passed) {
      row.requirement = e.first_failure.requirement;
      row.dimension = e.first_failure.dimension;
      row.why = "seed " + std::to_string(e.first_failure.seed) + ": " + e.first_failure.why;
    }
    row.seeds_run = e.seeds_run;
    row.seeds_passed = e.seeds_passed;
    return row;
  }

 public:
  // A new round of the search: its cost-bound rows are made again (simulations and lower-bound
  // rows stay).
  void new_round() {
    std::erase_if(pruned_, [](const auto& r) { return r.second.evaluation == "cost bound"; });
  }

  // Whether `mix` passes: its own simulation when there is one; else inferred from a simulated
  // candidate under monotonicity (a passing one it has at least as many nodes of each shape
  // as, or a failing one it has at most as many as); else simulated now.
  bool passes(const Mix& mix) {
    if (const auto it = memo_.find(mix); it != memo_.end()) return it->second.passed;
    for (const auto& [other, e] : memo_) {
      if (e.passed && dominates(mix, other)) return true;
      if (!e.passed && dominates(other, mix)) return false;
    }
    return screen(mix).passed;
  }

  // The least bisected count with a pass inferred for `prefix` (from a simulated passing mix whose
  // other counts are at most the prefix's), or nullopt.
  std::optional<int> known_pass(const Mix& prefix) const {
    std::optional<int> out;
    for (const auto& [other, e] : memo_) {
      if (!e.passed || !dominates(prefix, prefix_of(other))) continue;
      if (!out || other[bisected_] < *out) out = other[bisected_];
    }
    return out;
  }
  // The largest bisected count with a failure inferred for `prefix`, or nullopt.
  std::optional<int> known_fail(const Mix& prefix) const {
    std::optional<int> out;
    for (const auto& [other, e] : memo_) {
      if (e.passed || !dominates(prefix_of(other), prefix)) continue;
      if (!out || other[bisected_] > *out) out = other[bisected_];
    }
    return out;
  }

  void pruned(const Mix& mix, const std::string& evaluation, const std::string& requirement,
              const std::string& dimension, const std::string& why) {
    if (row_index_.count(mix)) return;  // simulated in an earlier round
    CandidateRow row;
    row.mix = mix;
    row.cost_per_hour = mix_cost(request_, mix);
    row.verdict = "pruned";
    row.evaluation = evaluation;
    row.requirement = requirement;
    row.dimension = dimension;
    row.why = why;
    pruned_.emplace_back(next_row_++, std::move(row));
  }

  // Whether `a` is a better cluster than `b`: cheaper, then fewer nodes, then lexically less.
  bool better(const Mix& a, const Mix& b) const {
    const double ca = mix_cost(request_, a);
    const double cb = mix_cost(request_, b);
    if (std::abs(ca - cb) > kCostEpsilon) return ca < cb;
    if (mix_nodes(a) != mix_nodes(b)) return mix_nodes(a) < mix_nodes(b);
    return a < b;
  }

  void offer(const Mix& mix) {
    if (!plan_.feasible || better(mix, plan_.best)) {
      plan_.feasible = true;
      plan_.best = mix;
    }
  }
  void forget_best() { plan_.feasible = false; }
  const Plan& plan() const { return plan_; }

  // The binding dimension and requirement (see the header), and the best's margins.
  Plan finish() {
    Mix smaller;
    if (plan_.feasible) {
      plan_.cost_per_hour = mix_cost(request_, plan_.best);
      plan_.margins = memo_.at(plan_.best).margins;
      // The bisected shape first, then the others from the last.
      std::vector<std::size_t> order = {bisected_};
      for (std::size_t i = plan_.best.size(); i-- > 0;) {
        if (i != bisected_) order.push_back(i);
      }
      for (const std::size_t i : order) {
        if (plan_.best[i] > request_.shapes[i].min_count) {
          smaller = plan_.best;
          --smaller[i];
          break;
        }
      }
    } else {
      for (const auto& s : request_.shapes) smaller.push_back(s.max_count);
    }
    if (!smaller.empty()) {
      plan_.just_smaller = smaller;
      const auto it = memo_.find(smaller);
      const auto b = it == memo_.end() ? bound(smaller) : std::nullopt;
      if (b) {
        plan_.binding_requirement = b->requirement;
        plan_.binding_dimension = b->dimension;
      } else {
        const Evaluation& e = confirm(smaller);
        plan_.binding_requirement = e.first_failure.requirement;
        plan_.binding_dimension = e.first_failure.dimension;
      }
    }
    // Every row in the order it was made: simulations, and the last round's bound rows.
    std::vector<std::pair<int, CandidateRow>> all = rows_;
    all.insert(all.end(), pruned_.begin(), pruned_.end());
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    plan_.candidates.clear();
    for (auto& [_, row] : all) plan_.candidates.push_back(std::move(row));
    return plan_;
  }

 private:
  const scenario::LoadedScenario& loaded_;
  CapacityRequest request_;
  Demand demand_;
  PlanOptions options_;
  int jobs_;
  std::size_t bisected_ = 0;
  std::map<Mix, Evaluation> memo_;
  std::vector<std::pair<int, CandidateRow>> rows_;    // simulated, by when first simulated
  std::map<Mix, std::size_t> row_index_;              // into rows_
  std::vector<std::pair<int, CandidateRow>> pruned_;  // this round's bound rows
  int next_row_ = 0;
  int simulated_ = 0;
  Plan plan_;
};

// Whether a[i] >= b[i] for every shape.
bool dominates(const Mix& a, const Mix& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i]) return false;
  }
  return true;
}

// Every count vector of the shapes `which` (in that order) within bounds, lexically.
std::vector<Mix> enumerate(const CapacityRequest& request, const std::vector<std::size_t>& which) {
  const std::size_t n = which.size();
  const auto shape = [&](std::size_t i) -> const Shape& { return request.shapes[which[i]]; };
  long total = 1;
  for (std::size_t i = 0; i < n; ++i) {
    total *= shape(i).max_count - shape(i).min_count + 1;
    if (total > kMaxPrefixes) {
      throw scenario::ScenarioError(
          {request.source + ": capacity: more than " + std::to_string(kMaxPrefixes) +
           " mixes of the shapes not bisected: narrow their min_count..max_count"});
    }
  }
  std::vector<Mix> out;
  Mix m;
  for (std::size_t i = 0; i < n; ++i) m.push_back(shape(i).min_count);
  while (true) {
    out.push_back(m);
    std::size_t i = n;
    while (i > 0 && m[i - 1] == shape(i - 1).max_count) {
      m[i - 1] = shape(i - 1).min_count;
      --i;
    }
    if (i == 0) break;
    ++m[i - 1];
  }
  return out;
}

// The least count of the last shape in [lo, hi] that passes for `prefix`, confirmed by its own
// simulation; nullopt when none does. Counts at or below a failure inferred for the prefix are
// skipped. From the least count with an inferred pass, if any, the search bisects down. Else,
// when hi is the most the best cost so far allows (`capped`), hi is tried first: if it fails,
// nothing in this prefix beats the best. Else it gallops up from lo (lo, lo + 1, lo + 3,
// lo + 7, ...). Then it bisects between the last failing and the first passing count.
std::optional<int> least_passing(Search& search, const Mix& prefix, int lo, int hi, bool capped) {
  if (const auto f = search.known_fail(prefix)) lo = std::max(lo, *f + 1);
  while (lo <= hi) {
    int failing = lo - 1;
    std::optional<int> passing;
    if (const auto k = search.known_pass(prefix); k && *k <= hi) {
      passing = std::max(*k, lo);
    } else if (capped) {
      if (!search.passes(search.with(prefix, hi))) return std::nullopt;
      passing = hi;
    } else {
      for (int b = lo;;) {
        if (search.passes(search.with(prefix, b))) {
          passing = b;
          break;
        }
        failing = b;
        if (b == hi) break;
        b = std::min(hi, lo + 2 * (b - lo + 1) - 1);
      }
    }
    if (!passing) return std::nullopt;
    while (*passing - failing > 1) {
      const int mid = failing + (*passing - failing) / 2;
      if (search.passes(search.with(prefix, mid))) {
        passing = mid;
      } else {
        failing = mid;
      }
    }
    // An inferred pass is confirmed; if monotonicity does not hold there, search on above it.
    if (search.screen(search.with(prefix, *passing)).passed) return passing;
    lo = *passing + 1;
  }
  return std::nullopt;
}

}  // namespace

Plan plan_capacity(const scenario::LoadedScenario& loaded, const PlanOptions& options) {
  Search search(loaded, options);
  const CapacityRequest& request = search.request();
  const Shape& last = request.shapes[search.bisected()];
  std::vector<std::size_t> others;
  for (std::size_t i = 0; i < request.shapes.size(); ++i) {
    if (i != search.bisected()) others.push_back(i);
  }
  struct Prefix {
    Mix counts;
    int lo = 0;  // least last count passing the bounds
    double lo_cost = 0;
  };
  std::vector<Prefix> prefixes;
  for (const Mix& p : enumerate(request, others)) {
    const auto at_max = search.bound(search.with(p, last.max_count));
    if (at_max) {
      search.pruned(search.with(p, last.max_count), "lower bound", at_max->requirement,
                    at_max->dimension, at_max->why);
      continue;
    }
    int lo = last.min_count, hi = last.max_count;  // the bound passes at hi
    while (lo < hi) {
      const int mid = lo + (hi - lo) / 2;
      if (search.bound(search.with(p, mid))) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo > last.min_count) {
      const auto b = search.bound(search.with(p, lo - 1));
      search.pruned(search.with(p, lo - 1), "lower bound", b->requirement, b->dimension, b->why);
    }
    prefixes.push_back({p, lo, mix_cost(request, search.with(p, lo))});
  }
  std::stable_sort(prefixes.begin(), prefixes.end(),
                   [](const Prefix& a, const Prefix& b) { return a.lo_cost < b.lo_cost; });
  // Rounds: the search treats a screened pass (the first wave of seeds) as a pass; its best is
  // then judged on every seed. When that fails, it is a known failure and the search runs again
  // (memoised: only what changed is simulated).
  while (true) {
    search.new_round();
    search.forget_best();
    std::optional<double> best_cost;
    for (const Prefix& p : prefixes) {
      // The most nodes of the bisected shape the best cost so far allows.
      int hi = last.max_count;
      if (best_cost) {
        const double prefix_cost = mix_cost(request, search.with(p.counts, 0));
        if (last.cost_per_hour > 0) {
          const double room = (*best_cost - prefix_cost + kCostEpsilon) / last.cost_per_hour;
          hi = room < 0 ? -1 : static_cast<int>(std::min<double>(hi, std::floor(room)));
        } else if (prefix_cost > *best_cost + kCostEpsilon) {
          hi = -1;
        }
      }
      if (hi < p.lo) {
        search.pruned(search.with(p.counts, p.lo), "cost bound", "", "",
                      "costs at least " + money(p.lo_cost) + "/h, the best so far " +
                          money(*best_cost) + "/h");
        continue;
      }
      const std::optional<int> passing =
          least_passing(search, p.counts, p.lo, hi, best_cost.has_value());
      if (!passing) continue;
      const Mix found = search.with(p.counts, *passing);
      search.offer(found);
      const double cost = mix_cost(request, found);
      if (!best_cost || cost < *best_cost) best_cost = cost;
    }
    if (!search.plan().feasible || search.confirm(search.plan().best).passed) break;
  }
  return search.finish();
}

Plan exhaustive_capacity(const scenario::LoadedScenario& loaded, const PlanOptions& options) {
  Search search(loaded, options);
  std::vector<std::size_t> all(search.request().shapes.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  for (const Mix& mix : enumerate(search.request(), all)) {
    if (search.confirm(mix).passed) search.offer(mix);
  }
  return search.finish();
}

}  // namespace portolan::capacity
