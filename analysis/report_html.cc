#include "analysis/report_html.h"

#include <algorithm>
#include <vector>

#include "analysis/paired_compare.h"
#include "analysis/svg_plot.h"

namespace portolan::analysis {
namespace {

constexpr const char* kStyle = R"(
body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:24px;background:#fff}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.passed{color:#1a7f37}.failed{color:#cf222e}.method{color:#57606a;max-width:1000px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;vertical-align:middle}
th{background:#f6f8fa;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.metric{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
tr.fail td{background:#ffebe9}tr.better td{background:#dafbe1}
.verdict{font-weight:600}.plots{display:flex;flex-wrap:wrap;gap:12px}
.plots svg{border:1px solid #d0d7de}.controls{margin:10px 0}
)";

constexpr const char* kScript = R"(
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.metric-row"));
  var box = document.getElementById("only-changed");
  var shown = document.getElementById("shown");
  function apply() {
    var n = 0;
    rows.forEach(function (r) {
      var hide = box.checked && r.getAttribute("data-verdict") === "same";
      r.style.display = hide ? "none" : "";
      if (!hide) n++;
    });
    shown.textContent = n + " of " + rows.length + " metric rows shown";
  }
  box.addEventListener("change", apply);
  apply();
  document.body.setAttribute("data-report-ready", String(rows.length));
})();
)";

std::string optional_number(const std::optional<double>& v) { return v ? format_number(*v) : "-"; }

std::string row_class(Verdict v) {
  const int s = severity(v);
  return s == 0 ? "fail" : s == 1 ? "better" : "";
}

std::string metric_table(const ScenarioOutcome& s) {
  std::string h =
      "<table><tr><th>metric</th><th>n</th><th>baseline mean</th><th>candidate mean</th>"
      "<th>diff [95% CI]</th><th>interval (0 dashed, tolerance shaded)</th><th>tolerance</th>"
      "<th>verdict</th></tr>\n";
  for (int rank = 0; rank <= 3; ++rank) {
    for (const auto& r : s.comparison.rows) {
      if (severity(r.verdict) != rank) continue;
      const std::string verdict(verdict_name(r.verdict));
      h += "<tr class=\"metric-row " + row_class(r.verdict) + "\" data-verdict=\"" +
           html_escape(verdict) + "\"><td class=\"metric\">" + html_escape(r.metric) +
           "</td><td class=\"num\">" + std::to_string(r.n) + "</td><td class=\"num\">" +
           optional_number(r.baseline) + "</td><td class=\"num\">" + optional_number(r.candidate) +
           "</td><td class=\"num\">" + html_escape(format_interval(r)) + "</td><td>" +
           interval_glyph(r) + "</td><td class=\"num\">" +
           (r.tolerance ? html_escape(r.tolerance->to_string()) : "0") +
           "</td><td class=\"verdict\">" + html_escape(verdict) + "</td></tr>\n";
    }
  }
  return h + "</table>\n";
}

}  // namespace

std::string report_html(const SuiteReport& report) {
  const bool passed = report.passed();
  std::size_t failing = 0;
  for (const auto& r : rows_by_severity(report)) failing += severity(r.row->verdict) == 0;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>portolan regress</title><style>";
  h += kStyle;
  h += "</style></head>\n<body>\n<h1>portolan regress: ";
  h += passed ? "<span class=\"passed\">passed</span>"
              : "<span class=\"failed\">FAILED, " + std::to_string(failing) + " regression" +
                    (failing == 1 ? "" : "s") + "</span>";
  h += "</h1>\n<p class=\"method\">" + std::to_string(report.scenarios.size()) +
       " scenarios of <code>" + html_escape(report.suite) + "</code> against <code>" +
       html_escape(report.baselines) + "</code>, " + std::to_string(report.seeds) + " seeds each";
  if (!report.policy.empty()) h += ", policy <code>" + html_escape(report.policy) + "</code>";
  for (const auto& s : report.sets) h += ", <code>--set " + html_escape(s) + "</code>";
  for (const auto& t : report.tolerances) h += ", <code>--tolerance " + html_escape(t) + "</code>";
  h += ". diff: the mean over seeds of candidate &minus; baseline (higher is worse for every "
       "judged metric), with its 95% Student&#39;s t interval (n &minus; 1 degrees of freedom). "
       "WORSE when the whole interval lies above the tolerance, better when it lies wholly below "
       "minus the tolerance, same otherwise; NEW: a count or stale time that no baseline run "
       "has; MISSING: a quantile a seed&#39;s candidate lost.</p>\n";
  h += "<p class=\"controls\"><label><input type=\"checkbox\" id=\"only-changed\"> changed "
       "metrics only</label> <span id=\"shown\"></span></p>\n";
  // Sections by their worst verdict (failing scenarios first), then by name.
  std::vector<const ScenarioOutcome*> order;
  for (const auto& s : report.scenarios) order.push_back(&s);
  const auto worst = [](const ScenarioOutcome* s) {
    int w = 3;
    for (const auto& r : s->comparison.rows) w = std::min(w, severity(r.verdict));
    return w;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto* a, const auto* b) { return worst(a) < worst(b); });
  for (const auto* scenario : order) {
    const auto& s = *scenario;
    const bool ok = s.comparison.passed();
    h += "<section id=\"" + html_escape(s.name) + "\"><h2>" + html_escape(s.name) +
         (ok ? " <span class=\"passed\">passed</span>" : " <span class=\"failed\">FAILED</span>") +
         "</h2>\n";
    h += metric_table(s);
    if (!s.distributions.empty()) {
      h += "<div class=\"plots\">\n";
      for (const auto& d : s.distributions) {
        const std::string what = d.family == "stale_s" ? "stale time" : "discovery latency";
        h += ecdf_plot(what + ": " + d.key, "seconds", d.baseline, d.candidate) + "\n";
      }
      h += "</div>\n";
    }
    h += "</section>\n";
  }
  for (const auto& p : report.unused_tolerances()) {
    h += "<p>note: tolerance <code>" + html_escape(p) + "</code> matches no metric</p>\n";
  }
  h += "<script>";
  h += kScript;
  h += "</script>\n</body></html>\n";
  return h;
}

}  // namespace portolan::analysis
