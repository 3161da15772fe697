#include "analysis/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <stdexcept>

#include "analysis/paired_compare.h"

namespace portolan::analysis {
namespace fs = std::filesystem;
namespace {

std::optional<double> number(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "p50", "p90", "p99" or "max" after the last dot.
bool quantile_name(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  const auto q = name.substr(dot + 1);
  return q == "p50" || q == "p90" || q == "p99" || q == "max";
}

// '*' matches any run of characters, everything else itself.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

const Tolerance* tolerance_for(const std::string& metric, const std::vector<Tolerance>& all) {
  const Tolerance* best = nullptr;
  for (const auto& t : all) {
    if (t.pattern == metric) return &t;
    if (glob_match(t.pattern, metric) &&
        (best == nullptr || t.pattern.size() > best->pattern.size()))
      best = &t;
  }
  return best;
}

std::map<std::string, JudgedValue> judged_metrics(const nlohmann::json& summary) {
  std::map<std::string, JudgedValue> out;
  if (!summary.is_object()) return out;
  for (const auto& [name, value] : flatten_summary(summary)) {
    if (name == "placements.failed" || name == "placements.preempted" ||
        starts_with(name, "placements.failed_by_reason.")) {
      out[name] = {number(value), MetricKind::kCount};
    } else if ((starts_with(name, "placements.wait_s.") ||
                starts_with(name, "discovery_latency_s.") ||
                starts_with(name, "consumer_bootstrap_s.") || starts_with(name, "stale_s.")) &&
               quantile_name(name)) {
      out[name] = {number(value), MetricKind::kQuantile};
    } else if (starts_with(name, "placement_quality.") && value.is_number() &&
               (name.ends_with(".nodes_in_use") || name.ends_with(".fragmentation") ||
                name.ends_with("_share"))) {
      // Placement quality with a direction: more nodes in use for the same work, more free
      // capacity stranded, more of a job on one node, rack or datacenter are worse. The rest
      // (utilisation, allocations per node) is reported, not judged.
      out[name] = {number(value), MetricKind::kQuantile};
    } else if (starts_with(name, "placement_quality.") && value.is_number()) {
      out[name] = {number(value), MetricKind::kShown};  // utilisation, allocations per node
    } else if (name.find("failed_requests") != std::string::npos && value.is_number()) {
      // Failed requests may appear anywhere (a total, per service, per consumer).
      out[name] = {number(value), MetricKind::kCount};
    }
  }
  return out;
}

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

namespace {

std::string format_optional(const std::optional<double>& v) { return v ? format_number(*v) : "-"; }

std::string format_delta(const MetricComparison& row) {
  if (!row.baseline || !row.candidate) return "-";
  const double d = *row.candidate - *row.baseline;
  std::string s = format_number(d);
  if (d > 0) s.insert(s.begin(), '+');
  return s;
}

}  // namespace

Tolerance Tolerance::parse(std::string_view text) {
  const auto eq = text.rfind('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    throw std::invalid_argument("--tolerance " + std::string(text) +
                                ": expected metric=value or metric=value%");
  }
  Tolerance t;
  t.pattern = std::string(text.substr(0, eq));
  std::string value(text.substr(eq + 1));
  if (value.back() == '%') {
    t.relative = true;
    value.pop_back();
  }
  std::size_t used = 0;
  try {
    t.value = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || !std::isfinite(t.value) || t.value < 0) {
    throw std::invalid_argument("--tolerance " + std::string(text) + ": \"" +
                                std::string(text.substr(eq + 1)) +
                                "\" is not a non-negative number (or percentage)");
  }
  return t;
}

std::string Tolerance::to_string() const { return format_number(value) + (relative ? "%" : ""); }

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kInfo:
      return "info";
    case Verdict::kSame:
      return "same";
    case Verdict::kBetter:
      return "better";
    case Verdict::kWithin:
      return "within";
    case Verdict::kWorse:
      return "WORSE";
    case Verdict::kNew:
      return "new";
    case Verdict::kMissing:
      return "MISSING";
    case Verdict::kNewWorse:
      return "NEW";
  }
  return "?";
}

bool Comparison::passed() const {
  return std::none_of(rows.begin(), rows.end(), [](const auto& r) { return r.failed(); });
}

std::vector<std::string> Comparison::failed_metrics() const {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    if (r.failed()) out.push_back(r.metric);
  }
  return out;
}

std::vector<std::pair<std::string, nlohmann::json>> flatten_summary(const nlohmann::json& summary) {
  std::vector<std::pair<std::string, nlohmann::json>> out;
  const auto walk = [&out](const auto& self, const nlohmann::json& node,
                           const std::string& name) -> void {
    if (node.is_object()) {
      for (const auto& [key, child] : node.items()) {
        self(self, child, name.empty() ? key : name + "." + key);
      }
    } else {
      out.emplace_back(name, node);
    }
  };
  walk(walk, summary, "");
  return out;
}

Comparison compare(const nlohmann::json& baseline, const nlohmann::json& candidate,
                   const std::vector<Tolerance>& tolerances) {
  const auto base = judged_metrics(baseline);
  const auto cand = judged_metrics(candidate);
  std::map<std::string, MetricKind> names;
  for (const auto& [name, j] : base) names.emplace(name, j.kind);
  for (const auto& [name, j] : cand) names.emplace(name, j.kind);

  Comparison result;
  std::vector<bool> used(tolerances.size(), false);
  for (const auto& [name, kind] : names) {
    MetricComparison row;
    row.metric = name;
    const auto b = base.find(name);
    const auto c = cand.find(name);
    if (b != base.end()) row.baseline = b->second.value;
    if (c != cand.end()) row.candidate = c->second.value;
    if (kind == MetricKind::kCount) {  // a count nobody reported is zero
      if (!row.baseline) row.baseline = 0.0;
      if (!row.candidate) row.candidate = 0.0;
    }
    if (kind == MetricKind::kShown) {  // shown: "same" when equal, else "info"
      row.verdict = row.baseline == row.candidate ? Verdict::kSame : Verdict::kInfo;
      result.rows.push_back(std::move(row));
      continue;
    }
    if (const Tolerance* t = tolerance_for(name, tolerances)) {
      row.tolerance = *t;
      used[static_cast<std::size_t>(t - tolerances.data())] = true;
      if (!t->relative) {
        row.allowed = t->value;
      } else if (row.baseline) {
        row.allowed = t->value / 100.0 * std::fabs(*row.baseline);
      }
    }
    if (!row.candidate) {
      row.verdict = row.baseline ? Verdict::kMissing : Verdict::kSame;
    } else if (!row.baseline) {
      row.verdict = Verdict::kNew;
    } else {
      const double delta = *row.candidate - *row.baseline;
      if (delta == 0) {
        row.verdict = Verdict::kSame;
      } else if (delta < 0) {
        row.verdict = Verdict::kBetter;
      } else {
        row.verdict = delta <= row.allowed ? Verdict::kWithin : Verdict::kWorse;
      }
    }
    result.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < tolerances.size(); ++i) {
    if (!used[i]) result.unused_patterns.push_back(tolerances[i].pattern);
  }
  return result;
}

nlohmann::json load_summary(const fs::path& path) {
  const fs::path file = fs::is_directory(path) ? path / "summary.json" : path;
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read (not a results directory?)");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file.string() + ": not JSON: " + e.what());
  }
}

void print_comparison_table(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& cells,
                            const Comparison& comparison, std::ostream& out) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& row : cells) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  const auto print_row = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      // The metric and verdict read left to right; numbers line up on the right.
      if (i == 0 || i + 1 == row.size()) {
        out << row[i] << (i + 1 == row.size() ? "" : pad);
      } else {
        out << pad << row[i];
      }
      out << (i + 1 == row.size() ? "\n" : "  ");
    }
  };
  print_row(header);
  for (const auto& row : cells) print_row(row);
  for (const auto& p : comparison.unused_patterns) {
    out << "note: tolerance " << p << " matches no metric\n";
  }
  const auto failed = comparison.failed_metrics();
  if (failed.empty()) {
    out << "ok: " << comparison.rows.size() << " metrics, none worse beyond tolerance\n";
  } else {
    out << "FAILED: " << failed.size() << " of " << comparison.rows.size()
        << " metrics worse beyond tolerance:";
    for (const auto& m : failed) out << " " << m << (&m == &failed.back() ? "" : ",");
    out << "\n";
  }
}

void print_comparison(const Comparison& comparison, std::ostream& out) {
  if (comparison.paired()) {
    print_paired_comparison(comparison, out);
    return;
  }
  const std::vector<std::string> header = {"metric", "baseline",  "candidate",
                                           "delta",  "tolerance", "verdict"};
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : comparison.rows) {
    cells.push_back({r.metric, format_optional(r.baseline), format_optional(r.candidate),
                     format_delta(r), r.tolerance ? r.tolerance->to_string() : "0",
                     std::string(verdict_name(r.verdict))});
  }
  print_comparison_table(header, cells, comparison, out);
}

}  // namespace portolan::analysis
