// A run's results as columns, for numpy and pandas: one vector per column of design section
// 6's files (same names, same order), so Python wraps each column without a Python object per
// row. Times are seconds of simulated time as doubles. Text columns are dictionary-encoded
// (codes into a list of distinct values in order of first appearance), which pandas takes as a
// Categorical: jobs, nodes, reasons and services repeat a lot.
#ifndef PORTOLAN_ANALYSIS_COLUMNS_H_
#define PORTOLAN_ANALYSIS_COLUMNS_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "models/results/results.h"

namespace portolan::analysis {

struct TextColumn {
  std::vector<std::int32_t> codes;
  std::vector<std::string> categories;
};

struct Column {
  std::string name;
  std::variant<std::vector<double>, std::vector<std::int64_t>, TextColumn> values;
};

using Table = std::vector<Column>;

// placements.csv: time_s, job, group, alloc_index, node, outcome, reason, ports
Table placements_table(const models::RunResult& result);
// discovery.csv: service, instance, consumer, path, running_s, visible_s, latency_s
Table discovery_table(const models::RunResult& result);
// stale.csv: service, instance, consumer, dead_s, forgotten_s, stale_s, failed_requests
Table stale_table(const models::RunResult& result);
// timeseries.csv: time_s, queued, running, cpu_util, memory_util, port_util
Table timeseries_table(const models::RunResult& result);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_COLUMNS_H_
