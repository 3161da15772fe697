// `portolan regress`: every scenario of a suite folder on N seeds, against committed baselines
// (docs/regress.md).
//
// The scenarios are SUITE/*.textproto in name order; scenario s runs seeds run.seed,
// run.seed + 1, ..., run.seed + N - 1 (as `run.replications` does), after the --set's and the
// policy. Its baseline is BASELINES/<file stem>/replication-NNN/ (the set `portolan run` writes
// with run.replications); baseline replications of other seeds are ignored, a seed the
// baseline lacks is bad input. Runs go to a pool of `jobs` std::threads; each run's record has
// its own slot, so the report does not depend on the number of threads or their timing.
#ifndef PORTOLAN_ANALYSIS_REGRESS_SUITE_H_
#define PORTOLAN_ANALYSIS_REGRESS_SUITE_H_

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/compare.h"
#include "analysis/run_record.h"

namespace portolan::analysis {

struct SuiteOptions {
  std::filesystem::path suite;
  std::filesystem::path baselines;
  int seeds = 10;
  int jobs = 0;  // 0: std::thread::hardware_concurrency()
  std::vector<Tolerance> tolerances;
  std::vector<std::string> sets;  // "field.path=value", applied to every scenario
  std::string policy;             // cluster.scheduler.algorithm, after the sets; empty: as is
};

// A baseline against candidate distribution of one family ("discovery_latency_s", "stale_s")
// and key ("<service>.<path>"): every row of every seed, pooled.
struct Distribution {
  std::string family;
  std::string key;
  std::vector<double> baseline;
  std::vector<double> candidate;
};

struct ScenarioOutcome {
  std::string name;  // the file stem (the baseline directory's name)
  Comparison comparison;
  std::vector<Distribution> distributions;  // by family, then key
};

struct SuiteReport {
  std::string suite;      // as given
  std::string baselines;  // as given
  int seeds = 0;
  std::vector<std::string> tolerances;  // as given, "metric=value"
  std::string policy;
  std::vector<std::string> sets;
  std::vector<ScenarioOutcome> scenarios;  // in file name order

  bool passed() const;
  // Tolerance patterns that matched no metric of any scenario.
  std::vector<std::string> unused_tolerances() const;
};

// Every metric row of the report, regressions first (WORSE, NEW, MISSING), then better, then
// new, then same; scenarios in name order and metrics by name within each rank.
struct ReportRow {
  const ScenarioOutcome* scenario;
  const MetricComparison* row;
};
std::vector<ReportRow> rows_by_severity(const SuiteReport& report);
// 0 for a failing verdict, 1 better, 2 new, 3 same (and within).
int severity(Verdict v);

// Bad input: no such folder, no scenario, an invalid scenario or --set, a missing baseline or
// seed. The message names the file.
class SuiteInputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Runs the suite. Throws SuiteInputError on bad input, std::runtime_error when a run fails.
SuiteReport run_suite(const SuiteOptions& options);

// The candidate records alone (scenarios in name order, then seeds), as run_suite runs them:
// what the determinism test compares between thread counts.
std::vector<std::vector<RunRecord>> run_candidates(const SuiteOptions& options);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_REGRESS_SUITE_H_
