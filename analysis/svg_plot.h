// Inline SVG for the regress HTML report: no script, no external resource, fixed sizes.
//
// Coordinates are written with one decimal, so equal data give byte-identical markup.
#ifndef PORTOLAN_ANALYSIS_SVG_PLOT_H_
#define PORTOLAN_ANALYSIS_SVG_PLOT_H_

#include <string>
#include <string_view>
#include <vector>

#include "analysis/compare.h"

namespace portolan::analysis {

// Text for HTML element content and attribute values: & < > " ' escaped.
std::string html_escape(std::string_view text);

// One metric's mean difference and 95% interval on its own axis, symmetric about 0: the zero
// line, the tolerance band [-allowed, allowed] shaded, the interval as a bar, the mean as a
// dot, coloured by verdict. An empty axis when the row has no difference.
std::string interval_glyph(const MetricComparison& row, int width = 180, int height = 22);

// Empirical CDFs of the baseline's and the candidate's values on one linear axis from 0, with
// ticks, a legend with each side's count, and `title` above.
std::string ecdf_plot(const std::string& title, const std::string& unit,
                      const std::vector<double>& baseline, const std::vector<double>& candidate,
                      int width = 380, int height = 220);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_SVG_PLOT_H_
