// Writes a RunResult as a results directory (docs/metrics.md defines every file).
//
// `write_results` is all or nothing: it writes every file into a fresh sibling directory and
// renames it onto `out_dir` only once all are complete, so an interrupted or failed run never
// leaves a half-written directory (an older result at `out_dir` is replaced whole).
// Times are written as exact decimal seconds of simulated time; the files are byte-identical
// for equal results, `summary.json`'s "wall_s" aside.
#ifndef PORTOLAN_MODELS_RESULTS_RESULTS_WRITER_H_
#define PORTOLAN_MODELS_RESULTS_RESULTS_WRITER_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "models/results/results.h"
#include "models/results/staging_dir.h"

namespace portolan::models {

// The contents of summary.json: run metadata, placement counts by outcome, reason and task
// group, allocation counts, and the discovery latency, consumer bootstrap and stale time
// quantiles per service and path.
nlohmann::json summarize(const RunResult& result);

// Line `attempt` of placement_metrics.jsonl: the attempt of placements.csv's row `attempt`
// with its whole AllocMetric.
nlohmann::json placement_metric_record(const RunResult& result, std::size_t attempt);

// Exact decimal seconds of a nanosecond time: 1500000000 -> "1.5", 3 -> "0.000000003".
std::string format_seconds(sim::Time t);

// The directory `out` names: absolute, normal, without a trailing separator ("runs/" and
// "runs" are one directory; "." is the working directory).
std::filesystem::path results_target(const std::filesystem::path& out);

// Throws OutputRefused unless `out` is absent, an empty directory, or a results directory
// (one holding summary.json, or only replication-NNN results directories). A regular file, or
// a directory of anything else, is never replaced: replacing a results directory replaces it
// whole, and that must not delete a user's files.
void check_output_target(const std::filesystem::path& out);

// Writes summary.json, placement_metrics.jsonl and the CSV files of models/results/tables.h.
// Throws std::runtime_error naming the path on any I/O failure, leaving `out_dir` untouched.
void write_results(const RunResult& result, const std::filesystem::path& out_dir);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_RESULTS_WRITER_H_
