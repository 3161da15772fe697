#include "analysis/paired_compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "analysis/t_interval.h"

namespace portolan::analysis {
namespace fs = std::filesystem;
namespace {

std::uint64_t seed_of(const nlohmann::json& summary, const char* side, std::size_t index) {
  const auto s = summary.is_object() ? summary.find("seed") : summary.end();
  if (s == summary.end() || !s->is_number_integer() || s->get<long long>() < 0) {
    throw PairingError(std::string(side) + " run " + std::to_string(index + 1) +
                       " has no \"seed\"");
  }
  return s->get<std::uint64_t>();
}

std::map<std::uint64_t, const nlohmann::json*> by_seed(const std::vector<nlohmann::json>& runs,
                                                       const char* side) {
  std::map<std::uint64_t, const nlohmann::json*> out;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto seed = seed_of(runs[i], side, i);
    if (!out.emplace(seed, &runs[i]).second) {
      throw PairingError(std::string(side) + ": seed " + std::to_string(seed) +
                         " appears twice (one run per seed; filter a sweep to one grid point)");
    }
  }
  return out;
}

// Stale time is 0 where there was no stale window; counts are 0 where not reported.
bool zero_when_absent(const std::string& metric, MetricKind kind) {
  return kind == MetricKind::kCount || metric.rfind("stale_s.", 0) == 0;
}

std::optional<double> mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double sum = 0;
  for (const double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

std::string signed_number(double v) {
  std::string s = format_number(v);
  if (v > 0) s.insert(s.begin(), '+');
  return s;
}

}  // namespace

RunSet load_run_set(const fs::path& path) {
  RunSet set;
  if (!fs::is_directory(path) || fs::exists(path / "summary.json")) {
    set.summaries.push_back(load_summary(path));
    return set;
  }
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.is_directory() && entry.path().filename().string().rfind("replication-", 0) == 0) {
      dirs.push_back(entry.path());
    }
  }
  if (dirs.empty()) {
    throw std::runtime_error(path.string() +
                             ": neither summary.json nor replication-NNN directories "
                             "(not a results directory?)");
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) set.summaries.push_back(load_summary(d));
  set.replicated = true;
  return set;
}

Comparison compare_paired(const std::vector<nlohmann::json>& baseline,
                          const std::vector<nlohmann::json>& candidate,
                          const std::vector<Tolerance>& tolerances) {
  const auto base = by_seed(baseline, "baseline");
  const auto cand = by_seed(candidate, "candidate");
  for (const auto& [seed, _] : base) {
    if (!cand.count(seed)) {
      throw PairingError("seed " + std::to_string(seed) +
                         " is in the baseline only (both sides must run the same seeds)");
    }
  }
  for (const auto& [seed, _] : cand) {
    if (!base.count(seed)) {
      throw PairingError("seed " + std::to_string(seed) +
                         " is in the candidate only (both sides must run the same seeds)");
    }
  }
  if (base.empty()) throw PairingError("no runs to compare");

  Comparison result;
  std::vector<std::map<std::string, JudgedValue>> b_runs, c_runs;
  std::map<std::string, MetricKind> names;
  for (const auto& [seed, summary] : base) {
    result.seeds.push_back(seed);
    b_runs.push_back(judged_metrics(*summary));
    c_runs.push_back(judged_metrics(*cand.at(seed)));
    for (const auto& [name, j] : b_runs.back()) names.emplace(name, j.kind);
    for (const auto& [name, j] : c_runs.back()) names.emplace(name, j.kind);
  }

  std::vector<bool> used(tolerances.size(), false);
  for (const auto& [metric, kind] : names) {
    const std::string& name = metric;  // clang 14 cannot capture a structured binding
    const bool zero = zero_when_absent(name, kind);
    const auto value = [&](const std::map<std::string, JudgedValue>& run) {
      const auto it = run.find(name);
      std::optional<double> v = it == run.end() ? std::nullopt : it->second.value;
      if (!v && zero) v = 0.0;
      return v;
    };
    const auto present = [&](const std::map<std::string, JudgedValue>& run) {
      const auto it = run.find(name);
      return it != run.end() && it->second.value.has_value();
    };
    std::vector<double> b_values, c_values, diffs, paired_b;
    bool seen_in_baseline = false;
    int missing = 0;
    for (std::size_t i = 0; i < b_runs.size(); ++i) {
      seen_in_baseline = seen_in_baseline || present(b_runs[i]);
      const auto b = value(b_runs[i]);
      const auto c = value(c_runs[i]);
      if (b) b_values.push_back(*b);
      if (c) c_values.push_back(*c);
      if (b && c) {
        diffs.push_back(*c - *b);
        paired_b.push_back(*b);
      }
      if (b && !c) ++missing;
    }

    MetricComparison row;
    row.metric = name;
    row.n = static_cast<int>(diffs.size());
    row.baseline = mean(b_values);
    row.candidate = mean(c_values);
    row.diff = mean(diffs);
    if (const Tolerance* t = tolerance_for(name, tolerances)) {
      row.tolerance = *t;
      used[static_cast<std::size_t>(t - tolerances.data())] = true;
      row.allowed =
          !t->relative ? t->value : t->value / 100.0 * std::fabs(mean(paired_b).value_or(0.0));
    }
    if (diffs.size() >= 2) {
      const MeanInterval ci = t_interval(diffs);
      row.ci_low = ci.low;
      row.ci_high = ci.high;
    }
    const double largest_candidate =
        c_values.empty() ? 0.0 : *std::max_element(c_values.begin(), c_values.end());
    if (kind == MetricKind::kShown) {  // shown: "same" when equal on every seed, else "info"
      const bool equal = row.ci_low && *row.ci_low == 0 && *row.ci_high == 0;
      row.verdict = equal ? Verdict::kSame : Verdict::kInfo;
    } else if (!seen_in_baseline && zero) {
      row.verdict = largest_candidate > row.allowed ? Verdict::kNewWorse : Verdict::kSame;
    } else if (!seen_in_baseline) {
      row.verdict = c_values.empty() ? Verdict::kSame : Verdict::kNew;
    } else if (missing > 0) {
      row.verdict = Verdict::kMissing;
    } else if (!row.ci_low) {
      row.verdict = Verdict::kSame;  // fewer than two pairs: no interval, not judged
    } else if (*row.ci_low > row.allowed) {
      row.verdict = Verdict::kWorse;
    } else if (*row.ci_high < -row.allowed) {
      row.verdict = Verdict::kBetter;
    } else {
      row.verdict = Verdict::kSame;
    }
    result.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < tolerances.size(); ++i) {
    if (!used[i]) result.unused_patterns.push_back(tolerances[i].pattern);
  }
  return result;
}

Comparison compare_runs(const RunSet& baseline, const RunSet& candidate,
                        const std::vector<Tolerance>& tolerances) {
  if (!baseline.replicated && !candidate.replicated && baseline.summaries.size() == 1 &&
      candidate.summaries.size() == 1) {
    return compare(baseline.summaries[0], candidate.summaries[0], tolerances);
  }
  return compare_paired(baseline.summaries, candidate.summaries, tolerances);
}

std::string format_interval(const MetricComparison& row) {
  if (!row.diff) return "-";
  std::string s = signed_number(*row.diff);
  if (row.ci_low && row.ci_high) {
    s += " [" + signed_number(*row.ci_low) + ", " + signed_number(*row.ci_high) + "]";
  }
  return s;
}

void print_paired_comparison(const Comparison& comparison, std::ostream& out) {
  out << "paired over " << comparison.seeds.size() << " seeds (";
  for (std::size_t i = 0; i < comparison.seeds.size(); ++i) {
    if (i == 3 && comparison.seeds.size() > 5) {
      out << ", ..., " << comparison.seeds.back();
      break;
    }
    out << (i ? ", " : "") << comparison.seeds[i];
  }
  out << "); diff: mean of candidate - baseline per seed, with its 95% Student's t interval\n";
  const std::vector<std::string> header = {"metric",        "n",         "baseline", "candidate",
                                           "diff [95% CI]", "tolerance", "verdict"};
  std::vector<std::vector<std::string>> cells;
  const auto opt = [](const std::optional<double>& v) { return v ? format_number(*v) : "-"; };
  for (const auto& r : comparison.rows) {
    cells.push_back({r.metric, std::to_string(r.n), opt(r.baseline), opt(r.candidate),
                     format_interval(r), r.tolerance ? r.tolerance->to_string() : "0",
                     std::string(verdict_name(r.verdict))});
  }
  print_comparison_table(header, cells, comparison, out);
}

}  // namespace portolan::analysis
