// What `portolan regress` keeps of one run: its summary and the per-row values behind the
// discovery latency and stale time quantiles, for the report's distributions.
//
// The rows are read from a RunResult (models/results/tables.h) or from a results directory's
// discovery.csv (rows of kind "latency": latency_s) and stale.csv (stale_s), keyed
// "<service>.<path>" as in summary.json; a directory without those files has none. Values keep
// the files' row order, so equal runs give equal records.
#ifndef PORTOLAN_ANALYSIS_RUN_RECORD_H_
#define PORTOLAN_ANALYSIS_RUN_RECORD_H_

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/results/results.h"

namespace portolan::analysis {

struct RunRecord {
  nlohmann::json summary;
  std::map<std::string, std::vector<double>> discovery_latency_s;  // by "<service>.<path>"
  std::map<std::string, std::vector<double>> stale_s;
};

RunRecord record_of(const models::RunResult& result);

// DIR/summary.json (required; std::runtime_error naming the file), DIR/discovery.csv and
// DIR/stale.csv (optional). CSV fields follow RFC 4180 quoting.
RunRecord load_run_record(const std::filesystem::path& dir);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_RUN_RECORD_H_
