// The capacity planner: the cheapest candidate cluster that meets every requirement
// (docs/capacity.md).
//
// Search. One shape is bisected (the last of the request whose min_count < max_count), the
// others enumerated: every "prefix" (a count for each other shape, within its bounds) gets the
// least count of the bisected shape that passes the lower bounds (capacity/lower_bound.h), and
// prefixes are visited in order of that bound's cost (then lexically). For each, counts from
// the bound up to the largest the best cost so far allows are searched: with no best yet by
// galloping (bound, +1, +3, +7, ...), else by trying that largest count first; then bisection
// between the last failing and the first passing count. A prefix whose bound costs more than
// the best found is not simulated. Verdicts are inferred under monotonicity: more nodes of any
// shape never turn a passing candidate into a failing one (a mix at least a passing one passes,
// a mix at most a failing one fails); the count a prefix ends on is always simulated. The
// exhaustive search below checks the assumption on small instances. During the search a
// candidate is screened: judged on the first wave of seeds, and taken as passing when every
// seed of it passes; the best is then judged on every seed, and when it fails there the search
// runs again with it as a known failure (memoised), so the answer always passed on every seed
// needed.
//
// Best: least cost, then fewest nodes, then the lexically least counts. The binding dimension
// and requirement are those of the cluster just smaller than the best: one node fewer of the
// bisected shape, or else of the last shape whose count is above its min_count (its first
// failing seed, or the bound that pruned it). Candidates are simulated once each (memoised); seeds
// in parallel on `jobs` threads; the plan is the same for any `jobs`.
#ifndef PORTOLAN_CAPACITY_CAPACITY_PLANNER_H_
#define PORTOLAN_CAPACITY_CAPACITY_PLANNER_H_

#include <functional>
#include <string>
#include <vector>

#include "capacity/candidate_cluster.h"
#include "capacity/candidate_evaluation.h"
#include "capacity/capacity_request.h"
#include "scenarios/loader.h"

namespace portolan::capacity {

// One row of the candidate table (candidates.csv, docs/capacity.md).
struct CandidateRow {
  Mix mix;
  double cost_per_hour = 0;
  std::string verdict;      // "pass", "fail", "pruned"
  std::string evaluation;   // "simulated", "screened", "lower bound", "cost bound"
  std::string requirement;  // of a failure: fit, ports, N+k, rack, datacenter, update
  std::string dimension;    // of a failure
  std::string why;          // the first failing seed's failures, or the bound's arithmetic
  int seeds_run = 0;
  int seeds_passed = 0;
};

struct Plan {
  std::vector<std::string> shapes;  // names, in the request's order
  bool feasible = false;
  Mix best;
  double cost_per_hour = 0;
  std::string binding_dimension;  // "" when nothing smaller exists (every count at its min)
  std::string binding_requirement;
  Mix just_smaller;                      // the candidate the binding comes from; empty when none
  Margins margins;                       // of the best, least over its passing seeds
  std::vector<CandidateRow> candidates;  // in the order they were considered
  int simulations = 0;                   // scenario runs made
  int seeds = 0;
  int seeds_needed = 0;
};

struct PlanOptions {
  int jobs = 0;  // threads; 0: std::thread::hardware_concurrency()
  // After each candidate simulated: candidates simulated so far, runs so far.
  std::function<void(int, int)> progress;
  // Where waves of seeds run instead of `jobs` threads (capacity/candidate_evaluation.h); the
  // plan is the same.
  WaveRunner runner;
};

// `loaded` validated, with a `capacity` request. Throws scenario::ScenarioError on a bad
// request or candidate.
Plan plan_capacity(const scenario::LoadedScenario& loaded, const PlanOptions& options);

// Every mix within the bounds simulated, no bound used: the reference the planner is tested
// and benchmarked against. The same Plan fields (binding from the same rule).
Plan exhaustive_capacity(const scenario::LoadedScenario& loaded, const PlanOptions& options);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_CAPACITY_PLANNER_H_
