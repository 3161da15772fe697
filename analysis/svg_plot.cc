#include "analysis/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace portolan::analysis {
namespace {

constexpr const char* kBaselineColour = "#6e7781";
constexpr const char* kCandidateColour = "#0969da";

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

const char* verdict_colour(Verdict v) {
  switch (v) {
    case Verdict::kWorse:
    case Verdict::kMissing:
    case Verdict::kNewWorse:
      return "#cf222e";
    case Verdict::kBetter:
      return "#1a7f37";
    default:
      return "#57606a";
  }
}

// A "nice" step for about `count` ticks over [0, span].
double tick_step(double span, int count) {
  const double raw = span / count;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string interval_glyph(const MetricComparison& row, int width, int height) {
  std::string svg = "<svg class=\"ci\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\">";
  const double mid = width / 2.0, y = height / 2.0;
  double extent = row.allowed;
  for (const auto& v : {row.diff, row.ci_low, row.ci_high}) {
    if (v) extent = std::max(extent, std::fabs(*v));
  }
  if (extent == 0) extent = 1;
  const double scale = (width / 2.0 - 6) / extent;
  const auto x = [&](double v) { return fixed(mid + v * scale); };
  if (row.allowed > 0) {
    svg += "<rect x=\"" + x(-row.allowed) + "\" y=\"2\" width=\"" + fixed(2 * row.allowed * scale) +
           "\" height=\"" + std::to_string(height - 4) + "\" fill=\"#eaeef2\"/>";
  }
  svg += "<line x1=\"" + fixed(mid) + "\" y1=\"1\" x2=\"" + fixed(mid) + "\" y2=\"" +
         std::to_string(height - 1) + "\" stroke=\"#8c959f\" stroke-dasharray=\"2 2\"/>";
  const char* colour = verdict_colour(row.verdict);
  if (row.ci_low && row.ci_high) {
    svg += "<line x1=\"" + x(*row.ci_low) + "\" y1=\"" + fixed(y) + "\" x2=\"" + x(*row.ci_high) +
           "\" y2=\"" + fixed(y) + "\" stroke=\"" + colour + "\" stroke-width=\"3\"/>";
  }
  if (row.diff) {
    svg += "<circle cx=\"" + x(*row.diff) + "\" cy=\"" + fixed(y) + "\" r=\"3.5\" fill=\"" +
           colour + "\"/>";
  }
  svg += "<title>" + html_escape(row.metric) + "</title></svg>";
  return svg;
}

std::string ecdf_plot(const std::string& title, const std::string& unit,
                      const std::vector<double>& baseline, const std::vector<double>& candidate,
                      int width, int height) {
  const double left = 44, right = width - 12.0, top = 46, bottom = height - 30.0;
  double hi = 0;
  for (const auto* side : {&baseline, &candidate}) {
    for (const double v : *side) hi = std::max(hi, v);
  }
  if (hi <= 0) hi = 1;
  const double step = tick_step(hi, 5);
  hi = std::ceil(hi / step) * step;
  const auto px = [&](double v) { return left + (right - left) * std::clamp(v / hi, 0.0, 1.0); };
  const auto py = [&](double f) { return bottom - (bottom - top) * f; };

  std::string svg = "<svg class=\"ecdf\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\">";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" fill=\"#ffffff\"/>";
  svg += "<text x=\"" + fixed(left) + "\" y=\"16\" font-size=\"12\" font-weight=\"600\">" +
         html_escape(title) + "</text>";
  // Axes, grid and ticks.
  for (double f = 0; f <= 1.0001; f += 0.25) {
    svg += "<line x1=\"" + fixed(left) + "\" y1=\"" + fixed(py(f)) + "\" x2=\"" + fixed(right) +
           "\" y2=\"" + fixed(py(f)) + "\" stroke=\"#eaeef2\"/>";
    svg += "<text x=\"" + fixed(left - 4) + "\" y=\"" + fixed(py(f) + 4) +
           "\" font-size=\"10\" text-anchor=\"end\">" + format_number(f) + "</text>";
  }
  for (double v = 0; v <= hi * 1.0001; v += step) {
    svg += "<line x1=\"" + fixed(px(v)) + "\" y1=\"" + fixed(bottom) + "\" x2=\"" + fixed(px(v)) +
           "\" y2=\"" + fixed(bottom + 4) + "\" stroke=\"#57606a\"/>";
    svg += "<text x=\"" + fixed(px(v)) + "\" y=\"" + fixed(bottom + 15) +
           "\" font-size=\"10\" text-anchor=\"middle\">" + format_number(v) + "</text>";
  }
  svg += "<line x1=\"" + fixed(left) + "\" y1=\"" + fixed(bottom) + "\" x2=\"" + fixed(right) +
         "\" y2=\"" + fixed(bottom) + "\" stroke=\"#57606a\"/>";
  svg += "<text x=\"" + fixed((left + right) / 2) + "\" y=\"" + fixed(height - 3.0) +
         "\" font-size=\"10\" text-anchor=\"middle\">" + html_escape(unit) +
         " (fraction of rows at or below)</text>";
  // The step functions.
  const auto curve = [&](std::vector<double> values, const char* colour, const char* dash) {
    if (values.empty()) return std::string();
    std::sort(values.begin(), values.end());
    std::string d = "M";
    d += fixed(px(0));
    d += ' ';
    d += fixed(py(0));
    const double n = static_cast<double>(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      d += " H" + fixed(px(values[i])) + " V" + fixed(py((i + 1) / n));
    }
    d += " H" + fixed(right);
    return "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour +
           "\" stroke-width=\"2\" stroke-dasharray=\"" + dash + "\"/>";
  };
  svg += curve(baseline, kBaselineColour, "5 3");
  svg += curve(candidate, kCandidateColour, "none");
  // Legend, in its own row under the title.
  const double ly = 32;
  svg += "<line x1=\"" + fixed(left) + "\" y1=\"" + fixed(ly) + "\" x2=\"" + fixed(left + 18) +
         "\" y2=\"" + fixed(ly) + "\" stroke=\"" + kBaselineColour +
         "\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>";
  svg += "<text x=\"" + fixed(left + 22) + "\" y=\"" + fixed(ly + 4) +
         "\" font-size=\"10\">baseline (" + std::to_string(baseline.size()) + " rows)</text>";
  const double cx = left + 150;
  svg += "<line x1=\"" + fixed(cx) + "\" y1=\"" + fixed(ly) + "\" x2=\"" + fixed(cx + 18) +
         "\" y2=\"" + fixed(ly) + "\" stroke=\"" + kCandidateColour + "\" stroke-width=\"2\"/>";
  svg += "<text x=\"" + fixed(cx + 22) + "\" y=\"" + fixed(ly + 4) +
         "\" font-size=\"10\">candidate (" + std::to_string(candidate.size()) + " rows)</text>";
  svg += "</svg>";
  return svg;
}

}  // namespace portolan::analysis
