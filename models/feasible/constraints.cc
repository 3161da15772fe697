#include "models/feasible/constraints.h"

#include <charconv>
#include <locale>
#include <regex>
#include <set>
#include <system_error>

#include "models/feasible/go_strings.h"
#include "models/feasible/re2_regex.h"

namespace portolan::models {
namespace {

// Runs overlap on threads (`portolan run --jobs`, regress, Python sweeps), and each compiles
// std::regex objects (here, in go_version.cc and in the validator). libstdc++'s
// ctype<char>::narrow, which the regex scanner calls, fills a per-facet cache on first use of
// each character: the same bytes from every thread, but a data race ThreadSanitizer reports
// (libstdc++ bug 77704). Filling the whole cache once, before main and before any thread, leaves
// only reads.
const bool kNarrowCacheFilled = [] {
  const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
  for (int c = 0; c < 256; ++c) ctype.narrow(static_cast<char>(c), '\0');
  return true;
}();

std::optional<std::string> lookup(const std::map<std::string, std::string>* m,
                                  std::string_view key) {
  if (m == nullptr) return std::nullopt;
  const auto it = m->find(std::string(key));
  if (it == m->end()) return std::nullopt;
  return it->second;
}

template <typename T>
bool compare_order(std::string_view op, const T& l, const T& r) {
  if (op == "<") return l < r;
  if (op == "<=") return l <= r;
  if (op == ">") return l > r;
  if (op == ">=") return l >= r;
  return false;
}

}  // namespace

std::optional<std::string> resolve_target(std::string_view target, const NodeView& node) {
  if (!target.starts_with("${")) return std::string(target);
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
  if (target.starts_with("${attr.")) return lookup(node.attributes, key("${attr."));
  if (target.starts_with("${meta.")) return lookup(node.meta, key("${meta."));
  return std::nullopt;
}

std::string constraint_string(const Constraint& c) {
  return c.ltarget + " " + c.operand + " " + c.rtarget;
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
  for (const auto item : go_split(l, ',')) lookup_set.insert(go_trim_space(item));
  for (const auto item : go_split(r, ',')) {
    if (!lookup_set.contains(go_trim_space(item))) return false;
  }
  return true;
}

bool set_contains_any(std::string_view l, std::string_view r) {
  std::set<std::string_view> lookup_set;
  for (const auto item : go_split(l, ',')) lookup_set.insert(go_trim_space(item));
  for (const auto item : go_split(r, ',')) {
    if (lookup_set.contains(go_trim_space(item))) return true;
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
