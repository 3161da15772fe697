// Regression comparison of two runs' summaries (summary.json, docs/metrics.md).
//
// The judged metrics are those where a higher value is worse for the user: placement failures,
// in total and by reason; the placement wait; preemptions; the discovery latency, consumer
// bootstrap and stale time quantiles (p50, p90, p99, max) per service and path; failed
// requests wherever the summary reports them. Metric names are the summary's keys joined by
// dots ("placements.failed_by_reason.cpu", "discovery_latency_s.redis.template.p99"), the same
// names flatten_summary gives sweeps.
//
// A metric is worse when candidate - baseline exceeds its tolerance (default 0: any increase).
// A count absent from one side is 0 there; a quantile absent from the candidate but present in
// the baseline is "MISSING" (the service was no longer observed), which counts as worse. Run
// metadata (scenario, seed, version, events, wall_s...) is never judged: "wall_s" differs
// between identical runs.
//
// Sets of replications on the same seeds are compared pair by pair (analysis/paired_compare.h);
// their rows carry n, the mean paired difference and its interval, and `seeds` is non-empty.
#ifndef PORTOLAN_ANALYSIS_COMPARE_H_
#define PORTOLAN_ANALYSIS_COMPARE_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portolan::analysis {

// An allowance on how much worse a metric may get. `pattern` is a metric name, or a glob where
// '*' matches any run of characters ("discovery_latency_s.*.p99"); a metric takes the exact
// match, else the longest matching pattern.
struct Tolerance {
  std::string pattern;
  double value = 0;
  bool relative = false;  // value is a percentage of |baseline|

  // "metric=value" or "metric=value%"; the name may itself hold '=' (failure reasons do), the
  // last one separates. Throws std::invalid_argument on bad syntax or a negative value.
  static Tolerance parse(std::string_view text);
  std::string to_string() const;  // "0.5" or "10%"
};

enum class Verdict {
  kSame,      // equal
  kBetter,    // lower
  kWithin,    // higher, within tolerance
  kWorse,     // higher beyond tolerance
  kNew,       // a quantile the baseline does not have
  kMissing,   // a quantile the candidate lost
  kNewWorse,  // paired only: a count or stale time no baseline run has, positive in a candidate
  kInfo,      // a metric without a direction (MetricKind::kShown) that moved: shown, not judged
};
// "same", "better", "within", "WORSE", "new", "MISSING", "NEW", "info"
std::string_view verdict_name(Verdict v);

struct MetricComparison {
  std::string metric;
  std::optional<double> baseline;
  std::optional<double> candidate;
  std::optional<Tolerance> tolerance;  // the one that applied, if any
  double allowed = 0;                  // the absolute increase allowed
  Verdict verdict = Verdict::kSame;
  // Paired comparisons only: the pairs (seeds where both sides have a value), the mean of
  // candidate - baseline over them and its 95% t interval (absent when n < 2). `baseline` and
  // `candidate` are then means over the runs of each side that have the metric.
  int n = 1;
  std::optional<double> diff;
  std::optional<double> ci_low;
  std::optional<double> ci_high;

  bool failed() const {
    return verdict == Verdict::kWorse || verdict == Verdict::kMissing ||
           verdict == Verdict::kNewWorse;
  }
};

struct Comparison {
  std::vector<MetricComparison> rows;        // sorted by metric name
  std::vector<std::string> unused_patterns;  // tolerances that matched no metric (typos?)
  std::vector<std::uint64_t> seeds;          // paired comparisons: the seeds paired, ascending

  bool paired() const { return !seeds.empty(); }

  bool passed() const;
  std::vector<std::string> failed_metrics() const;
};

// Every leaf of a summary as (dotted name, value), objects' keys in sorted order. Numbers stay
// numbers, strings stay strings, null (a NaN quantile) stays null.
std::vector<std::pair<std::string, nlohmann::json>> flatten_summary(const nlohmann::json& summary);

// The judged metrics of a summary by dotted name (sorted), found from the names alone, so a
// summary flattened already (a sweep row) gives the same: placements.failed,
// placements.preempted, placements.failed_by_reason.*, and every name holding
// "failed_requests" are counts; placements.wait_s.<q>, discovery_latency_s.*.<q>,
// consumer_bootstrap_s.*.<q> and stale_s.*.<q> (q one of p50, p90, p99, max) quantiles. A null
// value (no samples) is nullopt.
// kShown: reported beside the judged metrics but never judged (no direction is better).
enum class MetricKind { kCount, kQuantile, kShown };
struct JudgedValue {
  std::optional<double> value;
  MetricKind kind = MetricKind::kCount;
};
std::map<std::string, JudgedValue> judged_metrics(const nlohmann::json& summary);

// The tolerance that applies to `metric` (exact name, else the longest matching glob), or null.
const Tolerance* tolerance_for(const std::string& metric, const std::vector<Tolerance>& all);

// A number as the tables print it: integers whole, others to 6 significant digits.
std::string format_number(double v);

Comparison compare(const nlohmann::json& baseline, const nlohmann::json& candidate,
                   const std::vector<Tolerance>& tolerances);

// Reads DIR/summary.json, or the file itself when `path` is a file. Throws std::runtime_error
// naming the path when it is missing or not JSON.
nlohmann::json load_summary(const std::filesystem::path& path);

// The table: metric, baseline, candidate, delta, tolerance, verdict; then one line saying
// whether the candidate passed and, if not, which metrics are worse. A paired comparison
// The table of `cells` under `header`, aligned (metric and verdict left, numbers right), then a
// note per unused tolerance and the closing verdict line; shared by both comparison printers.
void print_comparison_table(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& cells,
                            const Comparison& comparison, std::ostream& out);

// prints print_paired_comparison's table instead (analysis/paired_compare.h).
void print_comparison(const Comparison& comparison, std::ostream& out);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_COMPARE_H_
