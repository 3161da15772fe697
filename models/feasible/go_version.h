// hashicorp/go-version as Nomad's "version" and "semver" constraint operands use it
// (feasible.go checkVersionMatch): parsing versions, comparing them, and checking
// comma-separated constraint lists.
//
// Mirrors go-version version.go (NewVersion, NewSemver, Compare, comparePart,
// comparePrereleases) and constraint.go (NewConstraint, Constraints.Check, prereleaseCheck,
// constraintPessimistic); with semver, Nomad's helper/constraints/semver package instead.
//
// Contract:
// - Parsing is all-or-nothing: a malformed version or any malformed part of a constraint
//   list is std::nullopt, never a partial result, so the check it feeds is false.
// - Versions compare by numeric segments (missing ones are zero, so "1.2" == "1.2.0"), then
//   prerelease (none ranks above any, parts compare numerically when both are numbers);
//   metadata never takes part.
// - Every function is pure; VersionConstraints is an immutable value once parsed.
#ifndef PORTOLAN_MODELS_FEASIBLE_GO_VERSION_H_
#define PORTOLAN_MODELS_FEASIBLE_GO_VERSION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portolan::models {

// A parsed hashicorp/go-version Version (version.go newVersion): numeric segments padded
// with zeros to at least three, `specified` the count written, prerelease and metadata.
struct GoVersion {
  std::vector<std::int64_t> segments;
  int specified = 0;
  std::string prerelease;
  std::string metadata;
};

// go-version NewVersion (loose: "1.2", "v1.2.3", "1.2.3-beta1+ent"); nullopt if malformed.
std::optional<GoVersion> parse_go_version(std::string_view v);
// go-version NewSemver: as above but a prerelease must follow a '-'.
std::optional<GoVersion> parse_go_semver(std::string_view v);
// go-version Version.Compare: -1, 0 or 1; metadata is ignored.
int compare_go_versions(const GoVersion& a, const GoVersion& b);

// One comma-separated constraint list ("~> 1.2", ">= 1.0, < 2.0"), all of which must hold.
class VersionConstraints {
 public:
  // go-version NewConstraint (operators "", =, !=, >, <, >=, <=, ~>, with prerelease rules),
  // or, with semver = true, Nomad's helper/constraints/semver NewConstraint (no ~>, Semver
  // 2.0 prerelease ordering). nullopt if any part is malformed.
  static std::optional<VersionConstraints> parse(std::string_view text, bool semver);
  bool check(const GoVersion& v) const;

  enum class Op { kEqual, kNotEqual, kGreater, kLess, kGreaterEqual, kLessEqual, kPessimistic };
  struct Single {
    Op op = Op::kEqual;
    GoVersion version;
  };

 private:
  std::vector<Single> parts_;
  bool semver_ = false;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_FEASIBLE_GO_VERSION_H_
