// A run's results as tables: one definition of every CSV file's columns (names, order,
// values), read both by the CSV writer and by Python (numpy arrays, pandas DataFrames), so
// the two can never disagree. docs/metrics.md defines each column.
//
// Text columns are dictionary-encoded (codes into the distinct values in order of first
// appearance, which pandas takes as a Categorical: jobs, nodes and reasons repeat a lot).
// Time columns hold simulated nanoseconds: the CSV writes them as exact decimal seconds,
// Python as double seconds; in an optional time column a negative value means "never"
// (an empty CSV field, NaN in Python).
#ifndef PORTOLAN_MODELS_RESULTS_TABLES_H_
#define PORTOLAN_MODELS_RESULTS_TABLES_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "models/results/results.h"

namespace portolan::models {

struct TextColumn {
  std::vector<std::int32_t> codes;
  std::vector<std::string> categories;
};

struct TimeColumn {
  std::vector<sim::Time> ns;
  bool optional = false;  // negative values are missing
};

struct Column {
  std::string name;
  std::variant<std::vector<double>, std::vector<std::int64_t>, TextColumn, TimeColumn> values;
};

using Table = std::vector<Column>;

// The file name (e.g. "placements.csv") and the table of each CSV file, in writing order.
struct NamedTable {
  std::string file;
  Table table;
};
std::vector<NamedTable> csv_tables(const RunResult& result);

Table placements_table(const RunResult& result);
Table allocations_table(const RunResult& result);
Table node_events_table(const RunResult& result);
Table discovery_table(const RunResult& result);
Table stale_table(const RunResult& result);
Table timeseries_table(const RunResult& result);

// Rows of a table (0 for an empty one).
std::size_t rows(const Table& table);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_TABLES_H_
