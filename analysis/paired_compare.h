// Paired comparison of two sets of replications run on the same seeds (docs/regress.md).
//
// Runs are paired by their summary's "seed"; a seed on one side only (or twice on one side) is
// bad input. Per judged metric (compare.h's judged_metrics) the per-seed differences
// d_i = candidate_i - baseline_i give a mean and its 95% Student's t interval
// (analysis/t_interval.h), and a verdict against the allowance `a` of the metric's tolerance
// (absolute, or a percentage of |baseline mean|):
//   WORSE   the whole interval lies above a (low > a): worse by more than the tolerance;
//   better  the whole interval lies below -a (high < -a);
//   same    otherwise (the interval reaches into [-a, a]), or fewer than two pairs.
// Absent values: a count, and a stale-time quantile (no stale window), is 0 in a run that lacks
// it. A metric that no baseline run has and some candidate run has above a is NEW and fails (a
// new failure reason, new stale windows, new failed requests). A discovery latency, consumer
// bootstrap or placement wait quantile is not observed where absent: the pairs are the seeds
// where both sides have it; MISSING (fails) when some seed's baseline has it and that seed's
// candidate does not; "new" (shown, does not fail) when only candidates have it.
// Two single runs (not replication sets) are compared exactly as compare() does.
#ifndef PORTOLAN_ANALYSIS_PAIRED_COMPARE_H_
#define PORTOLAN_ANALYSIS_PAIRED_COMPARE_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "analysis/compare.h"

namespace portolan::analysis {

// One side of a comparison: its runs' summaries (nested as summary.json, or flattened as a
// sweep row: both must hold "seed"), and whether it is a set of replications (a directory of
// replication-NNN, a list) rather than one run.
struct RunSet {
  std::vector<nlohmann::json> summaries;
  bool replicated = false;
};

// Bad input to a paired comparison: seeds that do not pair, a run without a seed.
class PairingError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// PATH/summary.json (or PATH itself, a file): one run; else PATH/replication-*/summary.json in
// name order: a replication set. Throws std::runtime_error naming the path when neither exists.
RunSet load_run_set(const std::filesystem::path& path);

// The paired comparison of the runs of both sides. Throws PairingError.
Comparison compare_paired(const std::vector<nlohmann::json>& baseline,
                          const std::vector<nlohmann::json>& candidate,
                          const std::vector<Tolerance>& tolerances);

// compare() when neither side is replicated and each holds one run, else compare_paired().
Comparison compare_runs(const RunSet& baseline, const RunSet& candidate,
                        const std::vector<Tolerance>& tolerances);

// "+0.5 [+0.2, +0.8]": the mean difference and its interval; "+3" when n < 2.
std::string format_interval(const MetricComparison& row);

// The paired table: metric, n, baseline mean, candidate mean, diff, 95% CI, tolerance,
// verdict; a header line naming the seeds and the method; then ok: / FAILED: as compare's.
void print_paired_comparison(const Comparison& comparison, std::ostream& out);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_PAIRED_COMPARE_H_
