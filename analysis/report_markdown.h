// regress's report.md: a Markdown summary that reads well as a CI step summary (GitHub's
// $GITHUB_STEP_SUMMARY): a verdict headline, the method in one line, the regressions and
// improvements in one table (regressions first), the unchanged metrics folded in <details>.
// It holds no time or host detail: equal runs give byte-identical reports.
#ifndef PORTOLAN_ANALYSIS_REPORT_MARKDOWN_H_
#define PORTOLAN_ANALYSIS_REPORT_MARKDOWN_H_

#include <string>

#include "analysis/regress_suite.h"

namespace portolan::analysis {

std::string report_markdown(const SuiteReport& report);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_REPORT_MARKDOWN_H_
