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
#ifndef PORTOLAN_ANALYSIS_COMPARE_H_
#define PORTOLAN_ANALYSIS_COMPARE_H_

#include <filesystem>
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
  kSame,     // equal
  kBetter,   // lower
  kWithin,   // higher, within tolerance
  kWorse,    // higher beyond tolerance
  kNew,      // a quantile the baseline does not have
  kMissing,  // a quantile the candidate lost
};
std::string_view verdict_name(Verdict v);  // "same", "better", "within", "WORSE", "new", "MISSING"

struct MetricComparison {
  std::string metric;
  std::optional<double> baseline;
  std::optional<double> candidate;
  std::optional<Tolerance> tolerance;  // the one that applied, if any
  double allowed = 0;                  // the absolute increase allowed
  Verdict verdict = Verdict::kSame;

  bool failed() const { return verdict == Verdict::kWorse || verdict == Verdict::kMissing; }
};

struct Comparison {
  std::vector<MetricComparison> rows;        // sorted by metric name
  std::vector<std::string> unused_patterns;  // tolerances that matched no metric (typos?)

  bool passed() const;
  std::vector<std::string> failed_metrics() const;
};

// Every leaf of a summary as (dotted name, value), objects' keys in sorted order. Numbers stay
// numbers, strings stay strings, null (a NaN quantile) stays null.
std::vector<std::pair<std::string, nlohmann::json>> flatten_summary(const nlohmann::json& summary);

Comparison compare(const nlohmann::json& baseline, const nlohmann::json& candidate,
                   const std::vector<Tolerance>& tolerances);

// Reads DIR/summary.json, or the file itself when `path` is a file. Throws std::runtime_error
// naming the path when it is missing or not JSON.
nlohmann::json load_summary(const std::filesystem::path& path);

// The table: metric, baseline, candidate, delta, tolerance, verdict; then one line saying
// whether the candidate passed and, if not, which metrics are worse.
void print_comparison(const Comparison& comparison, std::ostream& out);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_COMPARE_H_
