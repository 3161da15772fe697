#include "models/results/results_writer.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <system_error>

#include "sim/stats.h"

namespace portolan::models {
namespace fs = std::filesystem;
namespace {

std::string format_double(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

// RFC 4180: quote a field holding a separator, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string quoted = "\"";
  for (const char c : s) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

class CsvFile {
 public:
  CsvFile(const fs::path& path, const std::string& header) : path_(path), out_(path) {
    if (!out_) throw std::runtime_error("cannot create " + path.string());
    out_ << header << '\n';
  }
  template <typename... Fields>
  void row(const Fields&... fields) {
    bool first = true;
    ((out_ << (first ? "" : ",") << fields, first = false), ...);
    out_ << '\n';
  }
  void close() {
    out_.close();
    if (!out_) throw std::runtime_error("cannot write " + path_.string());
  }

 private:
  fs::path path_;
  std::ofstream out_;
};

nlohmann::json quantiles(const sim::SampleStats& stats) {
  return {{"count", stats.count()},
          {"p50", stats.quantile(0.5)},
          {"p90", stats.quantile(0.9)},
          {"p99", stats.quantile(0.99)},
          {"max", stats.max()}};
}

nlohmann::json quantiles_by_service(const std::map<std::string, sim::SampleStats>& by_service) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [service, stats] : by_service) out[service] = quantiles(stats);
  return out;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_files(const RunResult& result, const fs::path& dir) {
  write_text(dir / "summary.json", summarize(result).dump(2) + "\n");

  CsvFile placements(dir / "placements.csv",
                     "time_s,job,group,alloc_index,node,outcome,reason,ports");
  for (const auto& p : result.placements) {
    placements.row(format_seconds(p.time), csv_field(p.job), csv_field(p.group), p.alloc_index,
                   csv_field(p.node), p.placed ? "placed" : "failed", csv_field(p.reason),
                   csv_field(p.ports));
  }
  placements.close();

  CsvFile discovery(dir / "discovery.csv",
                    "service,instance,consumer,path,running_s,visible_s,latency_s");
  for (const auto& d : result.discovery) {
    discovery.row(csv_field(d.service), csv_field(d.instance), csv_field(d.consumer),
                  csv_field(d.path), format_seconds(d.running), format_seconds(d.visible),
                  format_seconds(d.visible - d.running));
  }
  discovery.close();

  CsvFile stale(dir / "stale.csv",
                "service,instance,consumer,dead_s,forgotten_s,stale_s,failed_requests");
  for (const auto& s : result.stale) {
    stale.row(csv_field(s.service), csv_field(s.instance), csv_field(s.consumer),
              format_seconds(s.dead), format_seconds(s.forgotten),
              format_seconds(s.forgotten - s.dead), s.failed_requests);
  }
  stale.close();

  CsvFile timeseries(dir / "timeseries.csv",
                     "time_s,queued,running,cpu_util,memory_util,port_util,fragmentation");
  for (const auto& t : result.timeseries) {
    timeseries.row(format_seconds(t.time), t.queued, t.running, format_double(t.cpu),
                   format_double(t.memory), format_double(t.ports), format_double(t.fragmentation));
  }
  timeseries.close();
}

// ".<name><kind><pid>": a name beside `target` that no other run uses at the same time.
std::string hidden_sibling(const fs::path& target, const char* kind) {
  std::string name = ".";
  name += target.filename().string();
  name += kind;
  name += std::to_string(getpid());
  return name;
}

}  // namespace

std::string format_seconds(sim::Time t) {
  const bool negative = t < 0;
  const std::uint64_t magnitude =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(t) : static_cast<std::uint64_t>(t);
  const std::uint64_t whole = magnitude / sim::kSecond;
  const std::uint64_t frac = magnitude % sim::kSecond;
  std::string s = negative ? "-" : "";
  s += std::to_string(whole);
  if (frac == 0) return s;
  char digits[10];
  std::snprintf(digits, sizeof digits, "%09llu", static_cast<unsigned long long>(frac));
  std::size_t len = 9;
  while (digits[len - 1] == '0') --len;
  s += '.';
  s.append(digits, len);
  return s;
}

nlohmann::json summarize(const RunResult& result) {
  std::map<std::string, std::int64_t> failed_by_reason;
  std::int64_t placed = 0;
  // Time from ask to placement (design section 4): from an allocation's first failed attempt
  // to its placement, 0 when the first attempt placed it.
  std::map<std::tuple<std::string, std::string, int>, sim::Time> waiting_since;
  sim::SampleStats wait;
  for (const auto& p : result.placements) {
    const auto key = std::make_tuple(p.job, p.group, p.alloc_index);
    if (p.placed) {
      ++placed;
      const auto it = waiting_since.find(key);
      wait.add(it == waiting_since.end() ? 0.0 : sim::to_seconds(p.time - it->second));
      if (it != waiting_since.end()) waiting_since.erase(it);
    } else {
      ++failed_by_reason[p.reason];
      waiting_since.try_emplace(key, p.time);
    }
  }
  std::map<std::string, sim::SampleStats> latency;
  for (const auto& d : result.discovery) {
    latency[d.service].add(sim::to_seconds(d.visible - d.running));
  }
  std::map<std::string, sim::SampleStats> stale;
  std::map<std::string, std::int64_t> failed_requests;  // by service
  for (const auto& s : result.stale) {
    stale[s.service].add(sim::to_seconds(s.forgotten - s.dead));
    failed_requests[s.service] += s.failed_requests;
  }

  nlohmann::json deployments = nlohmann::json::array();
  for (const auto& d : result.deployments) {
    deployments.push_back(
        {{"job", d.job},
         {"version", d.version},
         {"status", d.status},
         {"started_s", sim::to_seconds(d.started)},
         {"duration_s", d.finished < 0 ? nlohmann::json(nullptr)
                                       : nlohmann::json(sim::to_seconds(d.finished - d.started))},
         {"placed", d.placed},
         {"canaries", d.canaries}});
  }
  const auto requested = static_cast<std::int64_t>(result.placements.size());
  return {
      {"scenario", result.scenario},
      {"seed", result.seed},
      {"sim_time_s", sim::to_seconds(result.sim_time)},
      {"events", result.events},
      {"placements",
       {{"requested", requested},
        {"placed", placed},
        {"failed", requested - placed},
        {"failed_by_reason", failed_by_reason},
        {"wait_s", quantiles(wait)},
        {"preempted", static_cast<std::int64_t>(result.preemptions.size())}}},
      {"discovery_latency_s", quantiles_by_service(latency)},
      {"stale_s", quantiles_by_service(stale)},
      {"failed_requests", failed_requests},
      {"deployments", deployments},
      {"version", "0.1.0"},
      {"wall_s", result.wall_seconds},
  };
}

void write_results(const RunResult& result, const fs::path& out_dir) {
  const fs::path target = fs::absolute(out_dir).lexically_normal();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw std::runtime_error("cannot create " + parent.string() + ": " + ec.message());

  const fs::path staging = parent / hidden_sibling(target, ".partial-");
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec) || ec) {
    throw std::runtime_error("cannot create " + staging.string() + ": " + ec.message());
  }
  try {
    write_files(result, staging);
    if (fs::exists(target)) {
      const fs::path old = parent / hidden_sibling(target, ".old-");
      fs::rename(target, old);
      fs::rename(staging, target);
      fs::remove_all(old);
    } else {
      fs::rename(staging, target);
    }
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
}

}  // namespace portolan::models
