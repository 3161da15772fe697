// Judging one candidate cluster on the request's seeds (docs/capacity.md).
//
// One seed passes when, in order:
// - fit: the scenario as it is, on the candidate, has at most failures_allowed failed
//   placements;
// - ports: at run.horizon every node keeps at least dynamic_ports_free of its dynamic range
//   free (capacity/cluster_usage.h);
// - each headroom run enabled, in the order N+k, rack, datacenter, update, has at most
//   failures_allowed failed placements from run.horizon on: the same scenario and seed, with,
//   at run.horizon, the k nodes holding the most cpu failing (ties: the first in node order),
//   every node of the rack or datacenter holding the most cpu failing, or every service and
//   system job updated (update_job), and the run going on for `settle`; timeline events after
//   the horizon are moved past the end of the run (the workload is the plain run's). The run is
//   the plain one up to the horizon (same seed, the events come after), so the nodes chosen
//   from the plain run are the loaded ones of that run.
// The first requirement a seed fails is its verdict; later ones are not run.
//
// A candidate passes when seeds_needed of its seeds pass. Seeds run.seed, run.seed + 1, ... are
// judged in waves of wave_size seeds, each wave's seeds in parallel on `jobs` threads, until the
// verdict is known: which seeds run, and so every reported number, does not depend on `jobs`.
#ifndef PORTOLAN_CAPACITY_CANDIDATE_EVALUATION_H_
#define PORTOLAN_CAPACITY_CANDIDATE_EVALUATION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capacity/candidate_cluster.h"
#include "capacity/capacity_request.h"
#include "capacity/cluster_usage.h"
#include "models/results/results.h"

namespace portolan::capacity {

// max(2, seeds - seeds_needed + 1): a candidate failing on every seed is settled by one wave.
int wave_size(const Requirements& requirements);

// The dimension a failure reason (PlacementMetric::blocking_reason) names: "cpu", "memory",
// "disk", "static ports" (a reserved port collision), "dynamic ports" (dynamic port
// selection), "no nodes" (no node was evaluated: none up in the job's datacenters), else
// "constraint" (a filter: constraints, drivers, network mode, distinct_*).
std::string dimension_of(const std::string& reason);

struct SeedOutcome {
  std::uint64_t seed = 0;
  bool passed = false;
  std::string requirement;  // the one failed: fit, ports, N+k, rack, datacenter, update
  std::string dimension;    // of that failure (dimension_of its most frequent reason)
  std::string why;          // e.g. "3 failed placements (cpu: 3)"
  Margins margins;          // of the plain run at the horizon
  int runs = 0;             // simulations made
};

struct Evaluation {
  Mix mix;
  bool passed = false;
  // Every seed needed judged. A screened evaluation (evaluate_waves with `screen`) whose first
  // wave passed on every seed stops there: passed, not complete (a provisional pass).
  bool complete = false;
  int seeds_run = 0;
  int seeds_passed = 0;
  SeedOutcome first_failure;  // of the lowest failing seed; seed 0 and empty when none failed
  Margins margins;            // the least over the passing seeds
  int runs = 0;
};

SeedOutcome evaluate_seed(const CandidateCluster& candidate, const Requirements& requirements,
                          std::uint64_t seed);
// The same from the scenario and its request alone: what a WaveRunner computes elsewhere.
SeedOutcome evaluate_seed(const scenario::LoadedScenario& loaded, const Mix& mix,
                          std::uint64_t seed);

// Judges the given seeds of the candidate `mix` elsewhere than on this process's threads (e.g.
// portolan.plan_capacity's executor), each exactly as evaluate_seed does; results in the seeds'
// order.
using WaveRunner = std::function<std::vector<SeedOutcome>(const Mix& mix,
                                                          const std::vector<std::uint64_t>& seeds)>;

// Throws scenario::ScenarioError with the candidate's validation problems.
void validate_candidate(const CandidateCluster& candidate);

// Judges the seeds of `out` not judged yet (none: a fresh Evaluation), wave after wave, until
// the verdict is known; with `screen`, stops after a first wave in which every seed passed.
// `jobs` <= 0: every core. With a `runner`, each wave's seeds go to it instead of threads.
void evaluate_waves(const CandidateCluster& candidate, const Requirements& requirements,
                    std::uint64_t first_seed, int jobs, bool screen, Evaluation* out,
                    const WaveRunner& runner = nullptr);

// Validates, then judges every seed needed (a complete evaluation).
Evaluation evaluate_candidate(const CandidateCluster& candidate, const Requirements& requirements,
                              std::uint64_t first_seed, int jobs);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_CANDIDATE_EVALUATION_H_
