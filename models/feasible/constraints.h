// Constraint and affinity checks on one node, as Nomad's scheduler evaluates them
// (scheduler/feasible/feasible.go: resolveTarget, checkConstraint, checkOrder,
// checkVersionMatch, checkRegexpMatch, checkSetContainsAll/Any; DistinctHostsIterator,
// DistinctPropertyIterator and propertySet for the two stateful operands).
//
// Contract:
// - Values are plain strings. A target is a literal unless it starts with "${"; an
//   interpolation that names nothing on the node resolves to "not found" (std::nullopt).
// - check_constraint(op, l, r) is Nomad's meetsConstraint after resolveTarget: a value not
//   found compares as the empty string where Nomad compares it at all ("!=", "not").
// - An unknown operand is never satisfied; distinct_hosts and distinct_property always pass
//   here, they are checked against proposed allocations by the helpers at the end.
// - ConstraintCache memoises compiled regular expressions and version constraints (Nomad's
//   EvalContext RegexpCache / VersionConstraintCache); results never depend on its content.
#ifndef PORTOLAN_MODELS_FEASIBLE_CONSTRAINTS_H_
#define PORTOLAN_MODELS_FEASIBLE_CONSTRAINTS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "models/feasible/go_version.h"

namespace portolan::models {

// Operands, spelled as in job files (nomad/structs/structs.go Constraint* constants).
inline constexpr std::string_view kConstraintDistinctHosts = "distinct_hosts";
inline constexpr std::string_view kConstraintDistinctProperty = "distinct_property";
inline constexpr std::string_view kConstraintRegex = "regexp";
inline constexpr std::string_view kConstraintVersion = "version";
inline constexpr std::string_view kConstraintSemver = "semver";
inline constexpr std::string_view kConstraintSetContains = "set_contains";
inline constexpr std::string_view kConstraintSetContainsAll = "set_contains_all";
inline constexpr std::string_view kConstraintSetContainsAny = "set_contains_any";
inline constexpr std::string_view kConstraintAttributeIsSet = "is_set";
inline constexpr std::string_view kConstraintAttributeIsNotSet = "is_not_set";

// What resolveTarget can see of a node. The maps are borrowed and must outlive the view.
struct NodeView {
  std::string_view id;
  std::string_view name;
  std::string_view datacenter;
  std::string_view node_class;
  std::string_view node_pool = "default";
  const std::map<std::string, std::string>* attributes = nullptr;
  const std::map<std::string, std::string>* meta = nullptr;
};

// feasible.go resolveTarget: literals resolve to themselves; "${node.unique.id}",
// "${node.datacenter}", "${node.unique.name}", "${node.class}", "${node.pool}",
// "${attr.KEY}", "${meta.KEY}" resolve on the node; anything else is not found.
std::optional<std::string> resolve_target(std::string_view target, const NodeView& node);

struct Constraint {
  std::string ltarget;
  std::string rtarget;
  std::string operand;
};

// nomad/structs/structs.go Constraint.String: "LTARGET OPERAND RTARGET", the filter reason
// Nomad records when a node fails the constraint (ConstraintChecker.Feasible).
std::string constraint_string(const Constraint& c);

// Memoised compilations shared by the checks of one evaluation.
class ConstraintCache {
 public:
  ConstraintCache();
  ~ConstraintCache();
  ConstraintCache(ConstraintCache&&) noexcept;
  ConstraintCache& operator=(ConstraintCache&&) noexcept;

  // True when `pattern` (Go RE2 syntax, translated as re2_regex.h states) matches
  // somewhere in `value`; false when the pattern does not compile.
  bool regexp_match(std::string_view pattern, std::string_view value);
  // nullptr when the constraint string is malformed.
  const VersionConstraints* version_constraints(std::string_view text, bool semver);

 private:
  struct Regexps;
  std::unique_ptr<Regexps> regexps_;
  std::unordered_map<std::string, std::optional<VersionConstraints>> versions_;
  std::unordered_map<std::string, std::optional<VersionConstraints>> semvers_;
};

// feasible.go checkConstraint, after resolveTarget: `l`/`r` are the resolved targets,
// nullopt when not found.
bool check_constraint(std::string_view operand, const std::optional<std::string>& l,
                      const std::optional<std::string>& r, ConstraintCache& cache);

// ConstraintChecker.meetsConstraint / rank.go matchesAffinity: resolve both targets on the
// node, then check_constraint.
bool meets_constraint(const Constraint& c, const NodeView& node, ConstraintCache& cache);

// feasible.go checkOrder: integers if both parse (strconv.ParseInt), else floats if both
// parse (strconv.ParseFloat), else lexical byte order. Operands "<", "<=", ">", ">=".
bool check_order(std::string_view operand, std::string_view l, std::string_view r);

// checkSetContainsAll / checkSetContainsAny: comma-separated sets, items space-trimmed.
bool set_contains_all(std::string_view l, std::string_view r);
bool set_contains_any(std::string_view l, std::string_view r);

// DistinctHostsIterator.hasDistinctHostsConstraint for one distinct_hosts constraint: an
// empty RTarget means true; an RTarget strconv.ParseBool rejects also means true.
bool distinct_hosts_enabled(std::string_view rtarget);

// DistinctHostsIterator.satisfiesDistinctHosts: `same_job` counts proposed allocations on the
// node of this job (same namespace and id), `same_job_and_group` those also of this group.
bool satisfies_distinct_hosts(bool job_distinct_hosts, bool group_distinct_hosts, int same_job,
                              int same_job_and_group);

// propertySet.setConstraint: how many allocations may share one value of the property. An
// empty RTarget allows 1; an RTarget strconv.ParseUint rejects is an error whose text Nomad
// reports for every node.
struct DistinctPropertyLimit {
  std::uint64_t allowed = 1;
  std::string error;  // non-empty: the property set failed to build
};
DistinctPropertyLimit distinct_property_limit(std::string_view rtarget);

// propertySet.SatisfiesDistinctProperties. `node_value` is the node's value of `ltarget`
// (nullopt when missing), `used` how many existing and proposed allocations (minus proposed
// stops) already use that value. `reason` is the filter reason Nomad records.
struct DistinctPropertyResult {
  bool satisfied = false;
  std::string reason;
};
DistinctPropertyResult satisfies_distinct_property(std::string_view ltarget,
                                                   const DistinctPropertyLimit& limit,
                                                   const std::optional<std::string>& node_value,
                                                   std::uint64_t used);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_FEASIBLE_CONSTRAINTS_H_
