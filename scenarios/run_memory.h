// A run's memory, estimated before it starts, so that validate refuses a scenario that would
// die of std::bad_alloc after minutes (a group count of 1e9, a sample_interval of "1ns" over an
// hour) and says why.
//
// Contract: estimate_run_memory() counts
//   allocations: per group, the largest count it reaches (its count, then scale_group events),
//                a system or sysbatch group once per node the cluster reaches;
//   nodes:       every pool's count plus every add_nodes event;
//   samples:     horizon / sample_interval + 1 timeseries rows, each holding one series per
//                job plus one for the cluster (PlacementQuality's per-job concentration);
// and prices them with per-item costs measured on this build (peak RSS differences of cli runs):
// 1.5 KiB an allocation (c2m.textproto's jobs on 2,000 nodes, 20,000 against 80,000 and
// 320,000 allocations, measured 0.7 to 0.8 KiB on 2026-12-04: twice that, for scenarios whose
// allocations register services and watch them), 10 KiB a node (1,000 against 8,000 nodes),
// 150 bytes a series sample (6,000 against 60,000 samples), plus 16 MiB. Counts saturate at
// 2^62; bytes are a double. Invalid durations count as one sample.
// parse_memory_size() reads "4GiB", "512MiB", "2GB", "1000000" (bytes): binary units KiB, MiB,
// GiB, TiB and decimal kB, KB, MB, GB, TB; nullopt for anything else, zero, or above 2^62.
#ifndef PORTOLAN_SCENARIOS_RUN_MEMORY_H_
#define PORTOLAN_SCENARIOS_RUN_MEMORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

// The default of `--max-memory`: 4 GiB.
inline constexpr double kDefaultMaxMemoryBytes = 4.0 * 1024 * 1024 * 1024;

struct RunMemoryEstimate {
  std::int64_t allocations = 0;
  std::int64_t nodes = 0;
  std::int64_t samples = 0;
  std::int64_t series = 0;  // per sample
  double bytes = 0;
};

RunMemoryEstimate estimate_run_memory(const Scenario& scenario);

std::optional<double> parse_memory_size(std::string_view text);

// "4.0 GiB", "512.0 MiB", "3.2 TiB": the estimate as messages print it.
std::string format_memory_size(double bytes);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_RUN_MEMORY_H_
