#include "cli/alloc_metric_text.h"

#include <cstdio>

namespace portolan::cli {

std::string go_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string alloc_metric_text(const nlohmann::json& m, std::string_view prefix) {
  std::string out;
  const std::string p(prefix);
  const auto count = [&m](const char* key) {
    return m.contains(key) ? m[key].get<long long>() : 0LL;
  };
  const auto each = [&m](const char* key, const auto& line) {
    if (!m.contains(key)) return;
    for (const auto& [name, n] : m[key].items()) line(name, n.template get<long long>());
  };
  if (count("nodes_evaluated") == 0) out += p + "* No nodes were eligible for evaluation\n";
  each("nodes_available", [&](const std::string& dc, long long n) {
    if (n == 0) out += p + "* No nodes are available in datacenter " + go_quoted(dc) + "\n";
  });
  each("class_filtered", [&](const std::string& cls, long long n) {
    out +=
        p + "* Class " + go_quoted(cls) + ": " + std::to_string(n) + " nodes excluded by filter\n";
  });
  each("constraint_filtered", [&](const std::string& cs, long long n) {
    out += p + "* Constraint " + go_quoted(cs) + ": " + std::to_string(n) +
           " nodes excluded by filter\n";
  });
  if (const long long ne = count("nodes_exhausted"); ne > 0) {
    out += p + "* Resources exhausted on " + std::to_string(ne) + " nodes\n";
  }
  each("class_exhausted", [&](const std::string& cls, long long n) {
    out += p + "* Class " + go_quoted(cls) + " exhausted on " + std::to_string(n) + " nodes\n";
  });
  each("dimension_exhausted", [&](const std::string& dim, long long n) {
    out += p + "* Dimension " + go_quoted(dim) + " exhausted on " + std::to_string(n) + " nodes\n";
  });
  return out;
}

std::string failed_group_text(std::string_view group, const nlohmann::json& metric) {
  const long long allocs =
      (metric.contains("coalesced_failures") ? metric["coalesced_failures"].get<long long>() : 0) +
      1;
  return "  Task Group " + go_quoted(group) + " (failed to place " + std::to_string(allocs) +
         " allocation" + (allocs == 1 ? "" : "s") + "):\n" + alloc_metric_text(metric, "    ");
}

}  // namespace portolan::cli
