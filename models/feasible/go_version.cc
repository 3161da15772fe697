#include "models/feasible/go_version.h"

#include <algorithm>
#include <charconv>
#include <regex>
#include <system_error>
#include <utility>

#include "models/feasible/go_strings.h"

namespace portolan::models {
namespace {

// hashicorp/go-version version.go VersionRegexpRaw and SemverRegexpRaw, anchored. '-' is
// moved to the end of each bracket expression (same set, no escape needed).
const std::regex& version_regex(bool semver) {
  static const std::regex loose(
      R"(v?([0-9]+(\.[0-9]+)*?))"
      R"((-([0-9]+[0-9A-Za-z~-]*(\.[0-9A-Za-z~-]+)*)|(-?([A-Za-z~-]+[0-9A-Za-z~-]*(\.[0-9A-Za-z~-]+)*)))?)"
      R"((\+([0-9A-Za-z~-]+(\.[0-9A-Za-z~-]+)*))??)");
  static const std::regex strict(
      R"(v?([0-9]+(\.[0-9]+)*?))"
      R"((-([0-9]+[0-9A-Za-z~-]*(\.[0-9A-Za-z~-]+)*)|(-([A-Za-z~-]+[0-9A-Za-z~-]*(\.[0-9A-Za-z~-]+)*)))?)"
      R"((\+([0-9A-Za-z~-]+(\.[0-9A-Za-z~-]+)*))??)");
  return semver ? strict : loose;
}

std::optional<GoVersion> parse_version_with(std::string_view v, bool semver) {
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(v.begin(), v.end(), m, version_regex(semver))) return std::nullopt;
  GoVersion out;
  for (const auto part : go_split(std::string_view(&*m[1].first, m[1].length()), '.')) {
    std::int64_t seg = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), seg);
    if (ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
    out.segments.push_back(seg);
  }
  out.specified = static_cast<int>(out.segments.size());
  while (out.segments.size() < 3) out.segments.push_back(0);
  out.prerelease = m[7].matched ? m[7].str() : std::string();
  if (out.prerelease.empty() && m[4].matched) out.prerelease = m[4].str();
  if (m[10].matched) out.metadata = m[10].str();
  return out;
}

bool equal_segments(const GoVersion& a, const GoVersion& b) { return a.segments == b.segments; }

bool all_zero(const std::vector<std::int64_t>& segs, std::size_t from) {
  return std::all_of(segs.begin() + static_cast<std::ptrdiff_t>(from), segs.end(),
                     [](std::int64_t s) { return s == 0; });
}

// version.go comparePart.
int compare_part(std::string_view self, std::string_view other) {
  if (self == other) return 0;
  const auto self_int = go_parse_int(self);
  const auto other_int = go_parse_int(other);
  if (self.empty()) return other_int ? -1 : 1;
  if (other.empty()) return self_int ? 1 : -1;
  if (self_int && !other_int) return -1;
  if (!self_int && other_int) return 1;
  if (!self_int && !other_int && self > other) return 1;
  if (self_int && other_int && *self_int > *other_int) return 1;
  return -1;
}

// version.go comparePrereleases.
int compare_prereleases(std::string_view v, std::string_view other) {
  if (v == other) return 0;
  const auto self_parts = go_split(v, '.');
  const auto other_parts = go_split(other, '.');
  const auto n = std::max(self_parts.size(), other_parts.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view a = i < self_parts.size() ? self_parts[i] : std::string_view();
    const std::string_view b = i < other_parts.size() ? other_parts[i] : std::string_view();
    if (const int c = compare_part(a, b); c != 0) return c;
  }
  return 0;
}

// constraint.go prereleaseCheck.
bool prerelease_check(const GoVersion& v, const GoVersion& c) {
  const bool v_pre = !v.prerelease.empty();
  const bool c_pre = !c.prerelease.empty();
  if (c_pre && v_pre) return equal_segments(v, c);
  if (!c_pre && v_pre) return false;
  return true;
}

// constraint.go constraintPessimistic.
bool pessimistic(const GoVersion& v, const GoVersion& c) {
  if (!prerelease_check(v, c) || (!c.prerelease.empty() && v.prerelease.empty())) return false;
  if (compare_go_versions(v, c) < 0) return false;
  const std::size_t cs = c.segments.size();
  if (cs > v.segments.size()) return false;
  for (int i = 0; i < c.specified - 1; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (v.segments[k] != c.segments[k]) return false;
  }
  return c.segments[cs - 1] <= v.segments[cs - 1];
}

}  // namespace

std::optional<GoVersion> parse_go_version(std::string_view v) {
  return parse_version_with(v, false);
}

std::optional<GoVersion> parse_go_semver(std::string_view v) { return parse_version_with(v, true); }

int compare_go_versions(const GoVersion& a, const GoVersion& b) {
  if (equal_segments(a, b)) {
    if (a.prerelease.empty() && b.prerelease.empty()) return 0;
    if (a.prerelease.empty()) return 1;
    if (b.prerelease.empty()) return -1;
    return compare_prereleases(a.prerelease, b.prerelease);
  }
  const auto& s = a.segments;
  const auto& o = b.segments;
  const std::size_t n = std::max(s.size(), o.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (i >= s.size()) return all_zero(o, i) ? 0 : -1;
    if (i >= o.size()) return all_zero(s, i) ? 0 : 1;
    if (s[i] == o[i]) continue;
    return s[i] < o[i] ? -1 : 1;
  }
  return 0;
}

std::optional<VersionConstraints> VersionConstraints::parse(std::string_view text, bool semver) {
  // constraint.go: ^\s*(OPERATOR)\s*(VERSION)\s*$ per comma-separated part.
  static const std::regex loose_op(R"(^\s*(~>|>=|<=|!=|=|>|<|)\s*(.*?)\s*$)");
  static const std::regex semver_op(R"(^\s*(>=|<=|!=|=|>|<|)\s*(.*?)\s*$)");
  VersionConstraints out;
  out.semver_ = semver;
  for (const auto part : go_split(text, ',')) {
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(part.begin(), part.end(), m, semver ? semver_op : loose_op)) {
      return std::nullopt;
    }
    const auto version = parse_version_with(std::string_view(&*m[2].first, m[2].length()), semver);
    if (!version) return std::nullopt;
    const std::string op = m[1].str();
    Single single;
    single.version = *version;
    if (op.empty() || op == "=") {
      single.op = Op::kEqual;
    } else if (op == "!=") {
      single.op = Op::kNotEqual;
    } else if (op == ">") {
      single.op = Op::kGreater;
    } else if (op == "<") {
      single.op = Op::kLess;
    } else if (op == ">=") {
      single.op = Op::kGreaterEqual;
    } else if (op == "<=") {
      single.op = Op::kLessEqual;
    } else {
      single.op = Op::kPessimistic;
    }
    out.parts_.push_back(std::move(single));
  }
  return out;
}

bool VersionConstraints::check(const GoVersion& v) const {
  for (const auto& part : parts_) {
    const GoVersion& c = part.version;
    // Nomad's semver package drops go-version's prereleaseCheck (Semver 2.0 ordering).
    const bool pre_ok = semver_ || prerelease_check(v, c);
    bool ok = false;
    switch (part.op) {
      case Op::kEqual:
        ok = compare_go_versions(v, c) == 0;
        break;
      case Op::kNotEqual:
        ok = compare_go_versions(v, c) != 0;
        break;
      case Op::kGreater:
        ok = pre_ok && compare_go_versions(v, c) == 1;
        break;
      case Op::kLess:
        ok = pre_ok && compare_go_versions(v, c) == -1;
        break;
      case Op::kGreaterEqual:
        ok = pre_ok && compare_go_versions(v, c) >= 0;
        break;
      case Op::kLessEqual:
        ok = pre_ok && compare_go_versions(v, c) <= 0;
        break;
      case Op::kPessimistic:
        ok = pessimistic(v, c);
        break;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace portolan::models
