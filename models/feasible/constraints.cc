#include "models/feasible/constraints.h"

#include <algorithm>
#include <charconv>
#include <regex>
#include <set>
#include <system_error>
#include <utility>

namespace portolan::models {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::optional<std::string> lookup(const std::map<std::string, std::string>* m,
                                  std::string_view key) {
  if (m == nullptr) return std::nullopt;
  const auto it = m->find(std::string(key));
  if (it == m->end()) return std::nullopt;
  return it->second;
}

// strings.TrimSpace, ASCII white space.
std::string_view trim_space(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kSpace);
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// strconv.ParseInt(s, 10, 64): optional sign, decimal digits only, no overflow.
std::optional<std::int64_t> go_parse_int(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return std::nullopt;
  }
  if (s.empty() || s.front() == '+') return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// strconv.ParseFloat(s, 64) for decimal forms, "inf"/"infinity"/"nan"; an out-of-range value
// is an error in Go (ErrRange), so it is one here. Go's hexadecimal floats and digit
// underscores are not accepted (neither appears in node attributes).
std::optional<double> go_parse_float(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
  double v = 0;
  const auto [ptr, ec] =
      std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return negative ? -v : v;
}

template <typename T>
bool compare_order(std::string_view op, const T& l, const T& r) {
  if (op == "<") return l < r;
  if (op == "<=") return l <= r;
  if (op == ">") return l > r;
  if (op == ">=") return l >= r;
  return false;
}

// strconv.ParseBool.
std::optional<bool> go_parse_bool(std::string_view s) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") {
    return false;
  }
  return std::nullopt;
}

// fmt's %q for the strings that reach filter reasons.
std::string go_quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

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
  for (const auto part : split(std::string_view(&*m[1].first, m[1].length()), '.')) {
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
  const auto self_parts = split(v, '.');
  const auto other_parts = split(other, '.');
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

// Go RE2 syntax to std::regex ECMAScript. Translated: a leading flag group "(?i)", "(?m)",
// "(?s)" or a combination; named groups "(?P<name>" and "(?<name>"; "\A" and "\z". Rejected
// because RE2 rejects them (so Nomad's regexp.Compile fails and the check is false):
// look-around and back-references, which ECMAScript would accept. Not translated (the
// pattern then fails to compile here although Go accepts it): other inline flag groups,
// Unicode classes "\p{..}", "\Q..\E".
struct TranslatedRegex {
  std::string pattern;
  std::regex::flag_type flags = std::regex::ECMAScript;
  bool ok = true;
};

TranslatedRegex translate_re2(std::string_view re) {
  TranslatedRegex out;
  bool dot_all = false;
  if (starts_with(re, "(?")) {
    const auto close = re.find(')');
    const auto flags =
        close == std::string_view::npos ? std::string_view() : re.substr(2, close - 2);
    if (!flags.empty() && flags.find_first_not_of("ims") == std::string_view::npos) {
      if (flags.find('i') != std::string_view::npos) out.flags |= std::regex::icase;
      if (flags.find('m') != std::string_view::npos) out.flags |= std::regex::multiline;
      dot_all = flags.find('s') != std::string_view::npos;
      re.remove_prefix(close + 1);
    }
  }
  bool in_class = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      const char n = re[i + 1];
      if (!in_class && n >= '1' && n <= '9') out.ok = false;  // back-reference
      if (!in_class && n == 'A') {
        out.pattern += '^';
      } else if (!in_class && n == 'z') {
        out.pattern += '$';
      } else {
        out.pattern += c;
        out.pattern += n;
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == '[' && re.substr(i, 2) == "[:") {
        const auto end = re.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.pattern += re.substr(i, end + 2 - i);
          i = end + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out.pattern += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.pattern += c;
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (i + 1 < re.size() && re[i + 1] == '^') out.pattern += re[++i];
      if (i + 1 < re.size() && re[i + 1] == ']') {
        out.pattern += "\\]";
        ++i;
      }
      continue;
    }
    if (c == '(' && re.substr(i, 2) == "(?") {
      const auto rest = re.substr(i);
      if (starts_with(rest, "(?P<") ||
          (starts_with(rest, "(?<") && !starts_with(rest, "(?<=") && !starts_with(rest, "(?<!"))) {
        const auto end = re.find('>', i);
        if (end == std::string_view::npos) {
          out.ok = false;
          return out;
        }
        out.pattern += '(';
        i = end;
        continue;
      }
      if (starts_with(rest, "(?:")) {
        out.pattern += "(?:";
        i += 2;
        continue;
      }
      out.ok = false;  // look-around, or an inline flag group not translated
      return out;
    }
    if (c == '.' && dot_all) {
      out.pattern += "[\\s\\S]";
      continue;
    }
    out.pattern += c;
  }
  return out;
}

}  // namespace

std::optional<std::string> resolve_target(std::string_view target, const NodeView& node) {
  if (!starts_with(target, "${")) return std::string(target);
  if (target == "${node.unique.id}") return std::string(node.id);
  if (target == "${node.datacenter}") return std::string(node.datacenter);
  if (target == "${node.unique.name}") return std::string(node.name);
  if (target == "${node.class}") return std::string(node.node_class);
  if (target == "${node.pool}") return std::string(node.node_pool);
  // strings.TrimSuffix(strings.TrimPrefix(target, "${attr."), "}")
  const auto key = [&](std::string_view prefix) {
    auto k = target.substr(prefix.size());
    if (!k.empty() && k.back() == '}') k.remove_suffix(1);
    return k;
  };
  if (starts_with(target, "${attr.")) return lookup(node.attributes, key("${attr."));
  if (starts_with(target, "${meta.")) return lookup(node.meta, key("${meta."));
  return std::nullopt;
}

std::string constraint_string(const Constraint& c) {
  return c.ltarget + " " + c.operand + " " + c.rtarget;
}

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
  for (const auto part : split(text, ',')) {
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

struct ConstraintCache::Regexps {
  std::unordered_map<std::string, std::optional<std::regex>> compiled;
};

ConstraintCache::ConstraintCache() : regexps_(std::make_unique<Regexps>()) {}
ConstraintCache::~ConstraintCache() = default;
ConstraintCache::ConstraintCache(ConstraintCache&&) noexcept = default;
ConstraintCache& ConstraintCache::operator=(ConstraintCache&&) noexcept = default;

bool ConstraintCache::regexp_match(std::string_view pattern, std::string_view value) {
  auto [it, inserted] = regexps_->compiled.try_emplace(std::string(pattern));
  if (inserted) {
    const TranslatedRegex t = translate_re2(pattern);
    if (t.ok) {
      try {
        it->second.emplace(t.pattern, t.flags);
      } catch (const std::regex_error&) {
        it->second.reset();
      }
    }
  }
  if (!it->second) return false;
  return std::regex_search(value.begin(), value.end(), *it->second);
}

const VersionConstraints* ConstraintCache::version_constraints(std::string_view text, bool semver) {
  auto& cache = semver ? semvers_ : versions_;
  auto [it, inserted] = cache.try_emplace(std::string(text));
  if (inserted) it->second = VersionConstraints::parse(text, semver);
  return it->second ? &*it->second : nullptr;
}

bool check_order(std::string_view operand, std::string_view l, std::string_view r) {
  if (const auto li = go_parse_int(l)) {
    if (const auto ri = go_parse_int(r)) return compare_order(operand, *li, *ri);
  }
  if (const auto lf = go_parse_float(l)) {
    if (const auto rf = go_parse_float(r)) return compare_order(operand, *lf, *rf);
  }
  return compare_order(operand, l, r);
}

bool set_contains_all(std::string_view l, std::string_view r) {
  std::set<std::string_view> lookup_set;
  for (const auto item : split(l, ',')) lookup_set.insert(trim_space(item));
  for (const auto item : split(r, ',')) {
    if (!lookup_set.contains(trim_space(item))) return false;
  }
  return true;
}

bool set_contains_any(std::string_view l, std::string_view r) {
  std::set<std::string_view> lookup_set;
  for (const auto item : split(l, ',')) lookup_set.insert(trim_space(item));
  for (const auto item : split(r, ',')) {
    if (lookup_set.contains(trim_space(item))) return true;
  }
  return false;
}

bool check_constraint(std::string_view operand, const std::optional<std::string>& l,
                      const std::optional<std::string>& r, ConstraintCache& cache) {
  if (operand == kConstraintDistinctHosts || operand == kConstraintDistinctProperty) return true;
  const bool both = l.has_value() && r.has_value();
  if (operand == "=" || operand == "==" || operand == "is") return both && *l == *r;
  if (operand == "!=" || operand == "not") {
    // resolveTarget returns "" with ok=false, and "!=" compares the values alone.
    return l.value_or(std::string()) != r.value_or(std::string());
  }
  if (operand == "<" || operand == "<=" || operand == ">" || operand == ">=") {
    return both && check_order(operand, *l, *r);
  }
  if (operand == kConstraintAttributeIsSet) return l.has_value();
  if (operand == kConstraintAttributeIsNotSet) return !l.has_value();
  if (operand == kConstraintVersion || operand == kConstraintSemver) {
    if (!both) return false;
    // checkVersionMatch: the left side is always parsed with go-version NewVersion.
    const auto version = parse_go_version(*l);
    if (!version) return false;
    const auto* constraints = cache.version_constraints(*r, operand == kConstraintSemver);
    return constraints != nullptr && constraints->check(*version);
  }
  if (operand == kConstraintRegex) return both && cache.regexp_match(*r, *l);
  if (operand == kConstraintSetContains || operand == kConstraintSetContainsAll) {
    return both && set_contains_all(*l, *r);
  }
  if (operand == kConstraintSetContainsAny) return both && set_contains_any(*l, *r);
  return false;
}

bool meets_constraint(const Constraint& c, const NodeView& node, ConstraintCache& cache) {
  return check_constraint(c.operand, resolve_target(c.ltarget, node),
                          resolve_target(c.rtarget, node), cache);
}

bool distinct_hosts_enabled(std::string_view rtarget) {
  if (rtarget.empty()) return true;
  const auto enabled = go_parse_bool(rtarget);
  return !enabled.has_value() || *enabled;
}

bool satisfies_distinct_hosts(bool job_distinct_hosts, bool group_distinct_hosts, int same_job,
                              int same_job_and_group) {
  if (!job_distinct_hosts && !group_distinct_hosts) return true;
  // `iter.jobDistinctHosts && jobCollision || jobCollision && taskCollision`: once either
  // constraint is set, another allocation of the same job and group always collides.
  if (job_distinct_hosts && same_job > 0) return false;
  return same_job_and_group == 0;
}

DistinctPropertyLimit distinct_property_limit(std::string_view rtarget) {
  DistinctPropertyLimit out;
  if (rtarget.empty()) return out;
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(rtarget.data(), rtarget.data() + rtarget.size(), v);
  if (ec == std::errc() && ptr == rtarget.data() + rtarget.size() && rtarget.front() != '-') {
    out.allowed = v;
    return out;
  }
  const std::string why =
      ec == std::errc::result_out_of_range ? "value out of range" : "invalid syntax";
  out.error = "failed to convert RTarget " + go_quote(rtarget) +
              " to uint64: strconv.ParseUint: parsing " + go_quote(rtarget) + ": " + why;
  return out;
}

DistinctPropertyResult satisfies_distinct_property(std::string_view ltarget,
                                                   const DistinctPropertyLimit& limit,
                                                   const std::optional<std::string>& node_value,
                                                   std::uint64_t used) {
  if (!limit.error.empty()) return {false, limit.error};
  if (!node_value) return {false, "missing property " + go_quote(ltarget)};
  if (used < limit.allowed) return {true, ""};
  return {false, "distinct_property: " + std::string(ltarget) + "=" + *node_value + " used by " +
                     std::to_string(used) + " allocs"};
}

}  // namespace portolan::models
