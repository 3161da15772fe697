#include "scenarios/run_memory.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <utility>

#include "scenarios/duration.h"

namespace portolan::scenario {
namespace {

constexpr std::int64_t kSaturated = std::int64_t{1} << 62;
constexpr double kBytesPerAllocation = 1.5 * 1024;
constexpr double kBytesPerNode = 10.0 * 1024;
constexpr double kBytesPerSeriesSample = 150.0;
constexpr double kBaseBytes = 16.0 * 1024 * 1024;

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  return a > kSaturated - b ? kSaturated : a + b;
}

std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kSaturated / b ? kSaturated : a * b;
}

}  // namespace

RunMemoryEstimate estimate_run_memory(const Scenario& s) {
  RunMemoryEstimate e;
  for (const auto& p : s.cluster().pools())
    e.nodes = saturating_add(e.nodes, std::max(0, p.count()));
  std::map<std::pair<std::string, std::string>, std::int64_t> counts;
  for (const auto& job : s.jobs()) {
    for (const auto& g : job.groups()) counts[{job.name(), g.name()}] = std::max(0, g.count());
  }
  for (const auto& event : s.timeline()) {
    if (event.has_add_nodes()) {
      e.nodes = saturating_add(e.nodes, std::max(0, event.add_nodes().count()));
    } else if (event.has_scale_group()) {
      auto it = counts.find({event.scale_group().job(), event.scale_group().group()});
      if (it != counts.end()) {
        it->second = std::max<std::int64_t>(it->second, event.scale_group().count());
      }
    }
  }
  for (const auto& job : s.jobs()) {
    const bool system = job.type() == "system" || job.type() == "sysbatch";
    for (const auto& g : job.groups()) {
      const std::int64_t n = system ? e.nodes : counts[{job.name(), g.name()}];
      e.allocations = saturating_add(e.allocations, n);
    }
  }
  const auto horizon = parse_duration(s.run().horizon());
  const auto interval = parse_duration(s.run().sample_interval());
  e.samples = 1;
  if (horizon && interval && *horizon > 0 && *interval > 0) {
    e.samples = saturating_add(*horizon / *interval, 1);
  }
  e.series = 1 + s.jobs_size();
  e.bytes = kBaseBytes + static_cast<double>(e.allocations) * kBytesPerAllocation +
            static_cast<double>(e.nodes) * kBytesPerNode +
            static_cast<double>(saturating_mul(e.samples, e.series)) * kBytesPerSeriesSample;
  return e;
}

std::optional<double> parse_memory_size(std::string_view text) {
  static const std::pair<std::string_view, double> kUnits[] = {
      {"", 1.0},   {"B", 1.0},  {"KiB", 0x1p10}, {"MiB", 0x1p20}, {"GiB", 0x1p30}, {"TiB", 0x1p40},
      {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6},     {"GB", 1e9},     {"TB", 1e12}};
  std::size_t digits = 0;
  while (digits < text.size() &&
         ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) {
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, value);
  if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  for (const auto& [name, scale] : kUnits) {
    if (unit != name) continue;
    const double bytes = value * scale;
    if (!(bytes >= 1 && bytes <= 0x1p62)) return std::nullopt;
    return bytes;
  }
  return std::nullopt;
}

std::string format_memory_size(double bytes) {
  static const char* const kNames[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 6) {
    bytes /= 1024;
    ++unit;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kNames[unit]);
  return buf;
}

}  // namespace portolan::scenario
