#include "models/results/results_writer.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>
#include <system_error>
#include <type_traits>
#include <variant>

#include "models/results/tables.h"
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

// One field of row `row` of a column, as the CSV writes it.
std::string csv_cell(const Column& c, std::size_t row) {
  return std::visit(
      [row](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, TextColumn>) {
          return csv_field(v.categories[static_cast<std::size_t>(v.codes[row])]);
        } else if constexpr (std::is_same_v<V, TimeColumn>) {
          return v.optional && v.ns[row] < 0 ? std::string() : format_seconds(v.ns[row]);
        } else if constexpr (std::is_same_v<V, std::vector<double>>) {
          return format_double(v[row]);
        } else {
          return std::to_string(v[row]);
        }
      },
      c.values);
}

void write_csv(const fs::path& path, const Table& table) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot create " + path.string());
  for (std::size_t c = 0; c < table.size(); ++c) out << (c ? "," : "") << table[c].name;
  out << '\n';
  const std::size_t n = rows(table);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < table.size(); ++c) out << (c ? "," : "") << csv_cell(table[c], r);
    out << '\n';
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

nlohmann::json quantiles(const sim::SampleStats& stats) {
  return {{"count", stats.count()},
          {"p50", stats.quantile(0.5)},
          {"p90", stats.quantile(0.9)},
          {"p99", stats.quantile(0.99)},
          {"max", stats.max()}};
}

// {service: {path: quantiles}}
using ByServicePath = std::map<std::string, std::map<std::string, sim::SampleStats>>;
nlohmann::json quantiles_by_service_path(const ByServicePath& stats) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [service, by_path] : stats) {
    for (const auto& [path, q] : by_path) out[service][path] = quantiles(q);
  }
  return out;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

nlohmann::json metric_json(const PlacementMetric& m, const RunResult& result) {
  const std::vector<std::string>& node_names = result.node_names;
  nlohmann::json scores = nlohmann::json::array();
  result.scores.for_each(m.scores, [&](const NodeScoreMeta& meta) {
    nlohmann::json by_name = nlohmann::json::object();  // keys sorted, as before
    for (std::size_t i = 0; i < kScorerCount; ++i) {
      if (const auto v = meta.get(static_cast<Scorer>(i))) by_name[kScorerNames[i]] = *v;
    }
    const bool named = meta.node >= 0 && static_cast<std::size_t>(meta.node) < node_names.size();
    scores.push_back({{"node", named ? node_names[static_cast<std::size_t>(meta.node)] : ""},
                      {"scores", by_name},
                      {"final_score", meta.norm_score}});
  });
  return {{"nodes_evaluated", m.nodes_evaluated},
          {"nodes_filtered", m.nodes_filtered},
          {"nodes_in_pool", m.nodes_in_pool},
          {"nodes_available", m.nodes_available != nullptr ? *m.nodes_available : SortedMap<int>{}},
          {"class_filtered", m.class_filtered()},
          {"constraint_filtered", m.constraint_filtered()},
          {"nodes_exhausted", m.nodes_exhausted},
          {"class_exhausted", m.class_exhausted()},
          {"dimension_exhausted", m.dimension_exhausted()},
          {"coalesced_failures", m.coalesced_failures},
          {"scores", scores}};
}

void write_files(const RunResult& result, const fs::path& dir) {
  write_text(dir / "summary.json", summarize(result).dump(2) + "\n");
  for (const auto& [file, table] : csv_tables(result)) write_csv(dir / file, table);
  // Line by line: at C2M scale the whole text is gigabytes.
  const fs::path metrics = dir / "placement_metrics.jsonl";
  std::ofstream out(metrics);
  if (!out) throw std::runtime_error("cannot create " + metrics.string());
  for (std::size_t i = 0; i < result.placements.size() && out; ++i) {
    out << placement_metric_record(result, i).dump() << '\n';
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + metrics.string());
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

namespace {

// PlacementQuality's dimensions, in its arrays' order.
constexpr const char* kUtilDimensions[3] = {"cpu", "memory", "disk"};

nlohmann::json quality_json(const PlacementQuality& q, double fragmentation) {
  nlohmann::json util = nlohmann::json::object();
  for (int d = 0; d < 3; ++d) {
    util[std::string(kUtilDimensions[d])] = {
        {"mean", q.util_mean[d]}, {"std", q.util_std[d]}, {"max", q.util_max[d]}};
  }
  nlohmann::json jobs = nlohmann::json::object();
  for (const auto& [name, c] : q.jobs) {
    jobs[name] = {{"max_node_share", c.node},
                  {"max_rack_share", c.rack},
                  {"max_datacenter_share", c.datacenter}};
  }
  return {{"nodes_in_use", q.nodes_in_use},
          {"used_node_util", util},
          {"allocs_per_node", {{"max", q.allocs_max}, {"std", q.allocs_std}}},
          {"fragmentation", fragmentation},
          {"jobs", jobs}};
}

// placement_quality: at the last sample, and averaged over the samples (a job's shares over
// the samples at which it had live allocations).
nlohmann::json placement_quality_json(const std::vector<TimeseriesSample>& samples) {
  if (samples.empty()) return nlohmann::json::object();
  PlacementQuality avg;
  double fragmentation = 0;
  std::map<std::string, std::pair<JobConcentration, int>> jobs;
  for (const auto& s : samples) {
    const PlacementQuality& q = s.quality;
    avg.nodes_in_use += q.nodes_in_use;  // summed here, divided below
    for (int d = 0; d < 3; ++d) {
      avg.util_mean[d] += q.util_mean[d];
      avg.util_std[d] += q.util_std[d];
      avg.util_max[d] += q.util_max[d];
    }
    avg.allocs_std += q.allocs_std;
    fragmentation += s.fragmentation;
    for (const auto& [name, c] : q.jobs) {
      auto& [sum, n] = jobs[name];
      sum.node += c.node;
      sum.rack += c.rack;
      sum.datacenter += c.datacenter;
      ++n;
    }
  }
  const double n = static_cast<double>(samples.size());
  nlohmann::json time_avg = quality_json(avg, fragmentation / n);
  time_avg["nodes_in_use"] = avg.nodes_in_use / n;
  double allocs_max = 0;
  for (const auto& s : samples) allocs_max += s.quality.allocs_max;
  time_avg["allocs_per_node"] = {{"max", allocs_max / n}, {"std", avg.allocs_std / n}};
  for (int d = 0; d < 3; ++d) {
    time_avg["used_node_util"][std::string(kUtilDimensions[d])] = {
        {"mean", avg.util_mean[d] / n}, {"std", avg.util_std[d] / n}, {"max", avg.util_max[d] / n}};
  }
  for (const auto& [name, sum_n] : jobs) {
    const auto& [sum, count] = sum_n;
    time_avg["jobs"][name] = {{"max_node_share", sum.node / count},
                              {"max_rack_share", sum.rack / count},
                              {"max_datacenter_share", sum.datacenter / count}};
  }
  return {{"end", quality_json(samples.back().quality, samples.back().fragmentation)},
          {"time_avg", time_avg}};
}

}  // namespace

nlohmann::json placement_metric_record(const RunResult& result, std::size_t attempt) {
  const PlacementRecord& p = result.placements[attempt];
  nlohmann::json j = {
      {"attempt", attempt},
      {"time_s", sim::to_seconds(p.time)},
      {"job", p.job.str()},
      {"group", p.group.str()},
      {"alloc_index", p.alloc_index},
      {"alloc_id", result.alloc_uid(p.alloc)},
      {"node", p.node.str()},
      {"outcome", p.placed ? "placed" : "failed"},
      {"reason", p.reason.str()},
      {"coalesced_into", p.coalesced_into >= 0 ? nlohmann::json(p.coalesced_into) : nullptr}};
  j.update(metric_json(p.metric, result));
  return j;
}

nlohmann::json summarize(const RunResult& result) {
  std::map<std::string, std::int64_t> failed_by_reason;
  std::int64_t placed = 0;
  // Time from ask to placement (design section 4): from an allocation's first failed attempt
  // to its placement, 0 when the first attempt placed it.
  std::map<std::tuple<InternedString, InternedString, int>, sim::Time> waiting_since;
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
  ByServicePath latency;
  ByServicePath bootstrap;
  for (const auto& d : result.discovery) {
    (d.bootstrap() ? bootstrap : latency)[d.service][d.path].add(sim::to_seconds(d.delay()));
  }
  ByServicePath stale;
  nlohmann::json failed_requests = nlohmann::json::object();  // {service: {path: count}}
  for (const auto& s : result.stale) {
    stale[s.service][s.path].add(sim::to_seconds(s.stale()));
    auto& count = failed_requests[s.service][s.path];
    count = (count.is_null() ? 0 : count.get<std::int64_t>()) + s.failed_requests;
  }
  // Per task group: its failures, and the metric of its latest failure that was not coalesced
  // (what `nomad job plan` shows for the group).
  nlohmann::json failed_by_group = nlohmann::json::object();
  for (const auto& p : result.placements) {
    if (p.placed) continue;
    nlohmann::json& g = failed_by_group[p.job.str() + "." + p.group.str()];
    g["failed"] = (g.contains("failed") ? g["failed"].get<std::int64_t>() : 0) + 1;
    if (p.coalesced_into < 0) {
      nlohmann::json last = metric_json(p.metric, result);
      last.erase("scores");
      last["time_s"] = sim::to_seconds(p.time);
      last["reason"] = p.reason.str();
      g["last_failure"] = std::move(last);
    }
  }
  std::map<std::string, std::int64_t> by_client_status;
  std::int64_t restarts = 0;
  for (const auto& a : result.allocations) {
    ++by_client_status[a.client_status];
    restarts += a.restarts;
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
        {"preempted", static_cast<std::int64_t>(result.preemptions.size())},
        {"failed_by_group", failed_by_group}}},
      {"allocations",
       {{"count", static_cast<std::int64_t>(result.allocations.size())},
        {"by_client_status", by_client_status},
        {"restarts", restarts}}},
      {"placement_quality", placement_quality_json(result.timeseries)},
      {"discovery_latency_s", quantiles_by_service_path(latency)},
      {"consumer_bootstrap_s", quantiles_by_service_path(bootstrap)},
      {"stale_s", quantiles_by_service_path(stale)},
      {"failed_requests", failed_requests},
      {"deployments", deployments},
      {"version", "0.1.0"},
      {"wall_s", result.wall_seconds},
  };
}

fs::path results_target(const fs::path& out) {
  fs::path target = fs::absolute(out).lexically_normal();
  if (!target.has_filename() && target.has_parent_path() && target != target.root_path()) {
    target = target.parent_path();
  }
  return target;
}

void check_output_target(const fs::path& out) {
  const fs::path target = results_target(out);
  if (!existing_output_directory(target)) return;
  if (fs::exists(target / "summary.json")) return;
  for (const auto& entry : fs::directory_iterator(target)) {
    const std::string name = entry.path().filename().string();
    const bool replication = name.rfind("replication-", 0) == 0 && entry.is_directory() &&
                             fs::exists(entry.path() / "summary.json");
    if (!replication) {
      throw OutputRefused(target.string() + " holds files that are not portolan results (e.g. " +
                          name +
                          "); portolan replaces a results directory whole, so choose a new or "
                          "empty directory for --out");
    }
  }
}

void write_results(const RunResult& result, const fs::path& out_dir) {
  check_output_target(out_dir);
  StagingDir staging(results_target(out_dir));
  write_files(result, staging.path());
  staging.commit();
}

}  // namespace portolan::models
