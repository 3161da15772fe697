#include "cli/summary_printer.h"

#include <iomanip>
#include <string>

#include "cli/alloc_metric_text.h"

namespace portolan::cli {
namespace {

// One row per (service, path): {service: {path: {count, p50, p90, p99, max}}}.
void print_quantiles(const char* title, const nlohmann::json& summary, const char* key,
                     std::ostream& out) {
  if (!summary.contains(key) || summary[key].empty()) return;
  out << title << " (s)\n";
  out << "  " << std::left << std::setw(20) << "service" << std::setw(10) << "path" << std::right
      << std::setw(8) << "count" << std::setw(10) << "p50" << std::setw(10) << "p90"
      << std::setw(10) << "p99" << std::setw(10) << "max"
      << "\n";
  for (const auto& [service, by_path] : summary[key].items()) {
    for (const auto& [path, q] : by_path.items()) {
      out << "  " << std::left << std::setw(20) << service << std::setw(10) << path << std::right
          << std::setw(8) << q["count"].get<long long>() << std::fixed << std::setprecision(3);
      for (const char* stat : {"p50", "p90", "p99", "max"}) {
        if (q[stat].is_null()) {
          out << std::setw(10) << "-";
        } else {
          out << std::setw(10) << q[stat].get<double>();
        }
      }
      out << "\n" << std::defaultfloat;
    }
  }
}

// Each task group that failed: the latest failure as `nomad job plan` prints it.
void print_failures(const nlohmann::json& placements, std::ostream& out) {
  if (!placements.contains("failed_by_group")) return;
  for (const auto& [name, group] : placements["failed_by_group"].items()) {
    const auto dot = name.find('.');
    const std::string job = name.substr(0, dot);
    const std::string tg = dot == std::string::npos ? name : name.substr(dot + 1);
    const long long failed = group["failed"].get<long long>();
    out << "job " << go_quoted(job) << ": " << failed << " failed placement attempt"
        << (failed == 1 ? "" : "s") << " of group " << go_quoted(tg);
    if (!group.contains("last_failure")) {
      out << "\n";
      continue;
    }
    const auto& last = group["last_failure"];
    out << "; the latest, at " << last["time_s"].get<double>() << " s:\n";
    out << failed_group_text(tg, last);
  }
}

}  // namespace

void print_summary(const nlohmann::json& summary, std::ostream& out) {
  const auto& placements = summary["placements"];
  out << "scenario " << summary["scenario"].get<std::string>() << ", seed "
      << summary["seed"].get<unsigned long long>() << ": " << summary["events"].get<long long>()
      << " events over " << summary["sim_time_s"].get<double>() << " s of simulated time\n";
  out << "placements: " << placements["requested"].get<long long>() << " attempted, "
      << placements["placed"].get<long long>() << " placed, "
      << placements["failed"].get<long long>() << " failed\n";
  for (const auto& [reason, count] : placements["failed_by_reason"].items()) {
    out << "  " << std::setw(6) << count.get<long long>() << "  " << reason << "\n";
  }
  print_failures(placements, out);
  print_quantiles("discovery latency", summary, "discovery_latency_s", out);
  print_quantiles("consumer bootstrap", summary, "consumer_bootstrap_s", out);
  print_quantiles("stale time", summary, "stale_s", out);
  if (summary.contains("deployments")) {
    for (const auto& d : summary["deployments"]) {
      out << "deployment of " << d["job"].get<std::string>() << " v" << d["version"].get<int>()
          << ": " << d["status"].get<std::string>() << ", " << d["placed"].get<int>() << " placed";
      if (!d["duration_s"].is_null()) out << " in " << d["duration_s"].get<double>() << " s";
      out << "\n";
    }
  }
  if (summary.contains("failed_requests") && !summary["failed_requests"].empty()) {
    out << "requests sent to dead instances\n";
    for (const auto& [service, by_path] : summary["failed_requests"].items()) {
      for (const auto& [path, count] : by_path.items()) {
        out << "  " << std::left << std::setw(20) << service << std::setw(10) << path << std::right
            << std::setw(8) << count.get<long long>() << "\n";
      }
    }
  }
}

}  // namespace portolan::cli
