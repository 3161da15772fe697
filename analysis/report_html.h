// regress's report.html: one self-contained page (inline CSS, inline SVG drawn here, a few
// lines of inline script; no network access). Per scenario, failing scenarios first: the
// metric table, regressions first, each row with its interval drawn on its own axis
// (analysis/svg_plot.h); then the empirical distributions of discovery latency and stale time
// per service and path, baseline against candidate, pooled over the seeds. The script adds a
// "changed metrics only" filter and, once it has run, sets body[data-report-ready] to the
// number of metric rows (what the headless-browser test looks for). Equal runs give
// byte-identical pages.
#ifndef PORTOLAN_ANALYSIS_REPORT_HTML_H_
#define PORTOLAN_ANALYSIS_REPORT_HTML_H_

#include <string>

#include "analysis/regress_suite.h"

namespace portolan::analysis {

std::string report_html(const SuiteReport& report);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_REPORT_HTML_H_
