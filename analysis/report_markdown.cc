#include "analysis/report_markdown.h"

#include <set>

#include "analysis/paired_compare.h"

namespace portolan::analysis {
namespace {

// Markdown table cells: a '|' would end the cell.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string optional_number(const std::optional<double>& v) { return v ? format_number(*v) : "-"; }

std::string table_row(const ReportRow& r) {
  const auto& m = *r.row;
  const bool failed = m.failed();
  const std::string verdict(verdict_name(m.verdict));
  return "| " + cell(r.scenario->name) + " | `" + cell(m.metric) + "` | " + std::to_string(m.n) +
         " | " + optional_number(m.baseline) + " | " + optional_number(m.candidate) + " | " +
         cell(format_interval(m)) + " | " + (m.tolerance ? m.tolerance->to_string() : "0") + " | " +
         (failed ? "**" + verdict + "**" : verdict) + " |\n";
}

constexpr const char* kHeader =
    "| scenario | metric | n | baseline mean | candidate mean | diff [95% CI] | tolerance | "
    "verdict |\n|---|---|---:|---:|---:|---|---:|---|\n";

}  // namespace

std::string report_markdown(const SuiteReport& report) {
  const auto rows = rows_by_severity(report);
  std::size_t failing = 0, changed = 0;
  std::set<std::string> failing_scenarios;
  for (const auto& r : rows) {
    const int rank = severity(r.row->verdict);
    if (rank == 0) {
      ++failing;
      failing_scenarios.insert(r.scenario->name);
    }
    if (rank < 3) ++changed;
  }
  std::string md = "## portolan regress: ";
  if (report.passed()) {
    md += "passed\n\n";
  } else {
    md += "FAILED: " + std::to_string(failing) + " regression" + (failing == 1 ? "" : "s") +
          " in " + std::to_string(failing_scenarios.size()) + " of " +
          std::to_string(report.scenarios.size()) + " scenarios\n\n";
  }
  md += std::to_string(report.scenarios.size()) + " scenarios of `" + cell(report.suite) +
        "` against `" + cell(report.baselines) + "`, " + std::to_string(report.seeds) + " seed" +
        (report.seeds == 1 ? "" : "s") + " each";
  if (!report.policy.empty()) md += ", policy `" + report.policy + "`";
  for (const auto& s : report.sets) md += ", `--set " + cell(s) + "`";
  for (const auto& t : report.tolerances) md += ", `--tolerance " + cell(t) + "`";
  md += ".\n";
  if (report.seeds >= 2) {
    md +=
        "diff: the mean over seeds of candidate - baseline, with its 95% Student's t interval "
        "(n - 1 degrees of freedom). WORSE: the whole interval lies above the tolerance; "
        "better: wholly below minus the tolerance; NEW: a count or stale time no baseline run "
        "has; MISSING: a quantile a seed's candidate lost.\n\n";
  } else {
    md += "diff: candidate - baseline of the one seed (no interval with one seed).\n\n";
  }
  if (changed > 0) {
    md += kHeader;
    for (const auto& r : rows) {
      if (severity(r.row->verdict) < 3) md += table_row(r);
    }
    md += "\n";
  } else {
    md += "No metric changed beyond its tolerance.\n\n";
  }
  if (rows.size() > changed) {
    md += "<details><summary>" + std::to_string(rows.size() - changed) +
          " metrics the same</summary>\n\n";
    md += kHeader;
    for (const auto& r : rows) {
      if (severity(r.row->verdict) == 3) md += table_row(r);
    }
    md += "\n</details>\n";
  }
  for (const auto& p : report.unused_tolerances()) {
    md += "\nnote: tolerance `" + cell(p) + "` matches no metric\n";
  }
  return md;
}

}  // namespace portolan::analysis
