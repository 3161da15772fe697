#include "cli/summary_printer.h"

#include <iomanip>
#include <string>

namespace portolan::cli {
namespace {

void print_quantiles(const char* title, const nlohmann::json& by_service, std::ostream& out) {
  if (by_service.empty()) return;
  out << title << " (s)\n";
  out << "  " << std::left << std::setw(24) << "service" << std::right << std::setw(8) << "count"
      << std::setw(10) << "p50" << std::setw(10) << "p90" << std::setw(10) << "p99" << std::setw(10)
      << "max"
      << "\n";
  for (const auto& [service, q] : by_service.items()) {
    out << "  " << std::left << std::setw(24) << service << std::right << std::setw(8)
        << q["count"].get<long long>() << std::fixed << std::setprecision(3);
    for (const char* key : {"p50", "p90", "p99", "max"}) {
      out << std::setw(10) << q[key].get<double>();
    }
    out << "\n" << std::defaultfloat;
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
  print_quantiles("discovery latency", summary["discovery_latency_s"], out);
  print_quantiles("stale time", summary["stale_s"], out);
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
    for (const auto& [service, count] : summary["failed_requests"].items()) {
      out << "  " << std::left << std::setw(24) << service << std::right << std::setw(8)
          << count.get<long long>() << "\n";
    }
  }
}

}  // namespace portolan::cli
