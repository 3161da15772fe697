// Constraint operators, target resolution and the distinct_* helpers, pinned with the tables
// of Nomad's scheduler/feasible/feasible_test.go and hand-checked go-version cases.
#include "models/feasible/constraints.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace portolan::models {
namespace {

using Opt = std::optional<std::string>;
const Opt kMissing = std::nullopt;

bool check(std::string_view op, const Opt& l, const Opt& r) {
  ConstraintCache cache;
  return check_constraint(op, l, r, cache);
}

struct TestNode {
  std::map<std::string, std::string> attributes = {{"kernel.name", "linux"}, {"cpu.arch", "amd64"}};
  std::map<std::string, std::string> meta = {{"pci-dss", "true"}, {"rack", "r1"}};
  NodeView view() const {
    NodeView v;
    v.id = "9f1c6a1e-0000-4000-8000-000000000001";
    v.name = "web-0";
    v.datacenter = "dc1";
    v.node_class = "linux-medium-pci";
    v.node_pool = "default";
    v.attributes = &attributes;
    v.meta = &meta;
    return v;
  }
};

TEST(ResolveTarget, NomadResolveConstraintTarget) {
  // feasible_test.go TestResolveConstraintTarget
  const TestNode n;
  const NodeView v = n.view();
  EXPECT_EQ(resolve_target("${node.unique.id}", v), Opt("9f1c6a1e-0000-4000-8000-000000000001"));
  EXPECT_EQ(resolve_target("${node.datacenter}", v), Opt("dc1"));
  EXPECT_EQ(resolve_target("${node.unique.name}", v), Opt("web-0"));
  EXPECT_EQ(resolve_target("${node.class}", v), Opt("linux-medium-pci"));
  EXPECT_EQ(resolve_target("${node.pool}", v), Opt("default"));
  EXPECT_EQ(resolve_target("${node.foo}", v), kMissing);
  EXPECT_EQ(resolve_target("${attr.kernel.name}", v), Opt("linux"));
  EXPECT_EQ(resolve_target("${attr.rand}", v), kMissing);
  EXPECT_EQ(resolve_target("${meta.pci-dss}", v), Opt("true"));
  EXPECT_EQ(resolve_target("${meta.rand}", v), kMissing);
  // Literals, including the empty RTarget of is_set, resolve to themselves.
  EXPECT_EQ(resolve_target("linux", v), Opt("linux"));
  EXPECT_EQ(resolve_target("", v), Opt(""));
}

TEST(ConstraintChecker, NomadConstraintChecker) {
  // feasible_test.go TestConstraintChecker: only the third node passes all five.
  const std::vector<Constraint> constraints = {
      {"${node.datacenter}", "dc1", "="},
      {"${attr.kernel.name}", "linux", "is"},
      {"${node.class}", "linux-medium-pci", "!="},
      {"${node.pool}", "prod", "!="},
      {"${attr.foo}", "", "is_set"},
  };
  struct Case {
    std::string kernel, dc, node_class, pool;
    bool foo = false;
    bool expected = false;
  };
  const Case cases[] = {
      {"freebsd", "dc1", "", "default", false, false},
      {"linux", "dc2", "", "default", false, false},
      {"linux", "dc1", "large", "default", true, true},
      {"linux", "dc1", "", "prod", false, false},
  };
  ConstraintCache cache;
  for (const auto& c : cases) {
    std::map<std::string, std::string> attrs = {{"kernel.name", c.kernel}};
    if (c.foo) attrs["foo"] = "bar";
    const std::map<std::string, std::string> meta;
    NodeView v;
    v.datacenter = c.dc;
    v.node_class = c.node_class;
    v.node_pool = c.pool;
    v.attributes = &attrs;
    v.meta = &meta;
    bool all = true;
    for (const auto& con : constraints) all = all && meets_constraint(con, v, cache);
    EXPECT_EQ(all, c.expected) << c.kernel << " " << c.dc << " " << c.pool;
  }
}

TEST(CheckConstraint, NomadCheckConstraintTable) {
  // feasible_test.go TestCheckConstraint (nil there is "not found" here).
  EXPECT_TRUE(check("=", "foo", "foo"));
  EXPECT_TRUE(check("is", "foo", "foo"));
  EXPECT_TRUE(check("==", "foo", "foo"));
  EXPECT_FALSE(check("==", "foo", kMissing));
  EXPECT_FALSE(check("==", kMissing, "foo"));
  EXPECT_FALSE(check("==", kMissing, kMissing));
  EXPECT_FALSE(check("!=", "foo", "foo"));
  EXPECT_TRUE(check("!=", "foo", "bar"));
  EXPECT_TRUE(check("!=", kMissing, "foo"));
  EXPECT_TRUE(check("!=", "foo", kMissing));
  EXPECT_FALSE(check("!=", kMissing, kMissing));
  EXPECT_TRUE(check("not", "foo", "bar"));
  EXPECT_TRUE(check("version", "1.2.3", "~> 1.0"));
  EXPECT_FALSE(check("version", kMissing, "~> 1.0"));
  EXPECT_TRUE(check("regexp", "foobarbaz", "[\\w]+"));
  EXPECT_FALSE(check("regexp", kMissing, "[\\w]+"));
  EXPECT_FALSE(check("<", "foo", "bar"));
  EXPECT_FALSE(check("<", kMissing, "bar"));
  EXPECT_TRUE(check("set_contains", "foo,bar,baz", "foo,  bar  "));
  EXPECT_FALSE(check("set_contains", "foo,bar,baz", "foo,bam"));
  EXPECT_TRUE(check("is_set", "foo", kMissing));
  EXPECT_FALSE(check("is_set", kMissing, kMissing));
  EXPECT_TRUE(check("is_not_set", kMissing, kMissing));
  EXPECT_FALSE(check("is_not_set", "foo", kMissing));
}

TEST(CheckConstraint, MissingValuesCompareAsEmptyForNotEqual) {
  // resolveTarget hands "" to checkConstraint for a missing attribute, and "!=" compares the
  // values alone: a missing attribute is "!=" any non-empty value but not "!=" "".
  EXPECT_FALSE(check("!=", kMissing, ""));
  EXPECT_TRUE(check("!=", kMissing, "linux"));
  EXPECT_FALSE(check("=", kMissing, ""));
}

TEST(CheckConstraint, StatefulAndUnknownOperands) {
  EXPECT_TRUE(check("distinct_hosts", kMissing, kMissing));
  EXPECT_TRUE(check("distinct_property", "${meta.rack}", "2"));
  EXPECT_FALSE(check("~=", "a", "a"));
  EXPECT_FALSE(check("", "a", "a"));
}

TEST(CheckOrder, NomadCheckOrder) {
  // feasible_test.go TestCheckOrder: integers, then floats, then lexical.
  EXPECT_TRUE(check_order("<", "bar", "foo"));
  EXPECT_TRUE(check_order("<=", "foo", "foo"));
  EXPECT_FALSE(check_order(">", "bar", "foo"));
  EXPECT_TRUE(check_order(">=", "bar", "bar"));
  EXPECT_FALSE(check_order(">", "1", "foo"));  // lexical: '1' < 'f'
  EXPECT_FALSE(check_order("<", "10", "1"));
  EXPECT_TRUE(check_order("<", "1", "10"));
  EXPECT_FALSE(check_order("<", "10.5", "1.5"));
  EXPECT_TRUE(check_order("<", "1.5", "10.5"));
}

TEST(CheckOrder, NumericOnlyWhenBothSidesParse) {
  EXPECT_FALSE(check_order(">", "9", "10"));   // 9 > 10 numerically
  EXPECT_TRUE(check_order(">", "9", "10a"));   // lexical: '9' > '1'
  EXPECT_TRUE(check_order("<", "2", "10.5"));  // int and float: both floats
  EXPECT_TRUE(check_order("<", "-3", "+2"));   // signs parse
  EXPECT_TRUE(check_order(">=", "4096", "4096"));
  EXPECT_TRUE(check_order("<", "1e3", "2000"));  // float syntax
  EXPECT_FALSE(check_order("<", "NaN", "1"));    // NaN compares false
  EXPECT_TRUE(check_order("<", " 1", "2"));      // " 1" is lexical: ' ' < '2'
  EXPECT_FALSE(check_order("=", "1", "1"));      // not an order operand
}

TEST(SetContains, AllAndAny) {
  EXPECT_TRUE(set_contains_all("a, b ,c", "c,a"));
  EXPECT_FALSE(set_contains_all("a,b", "a,z"));
  EXPECT_TRUE(set_contains_any("a,b", "z, b"));
  EXPECT_FALSE(set_contains_any("a,b", "y,z"));
  EXPECT_TRUE(check("set_contains_all", "a,b", "b"));
  EXPECT_TRUE(check("set_contains_any", "a,b", "x,a"));
  EXPECT_FALSE(check("set_contains_any", kMissing, "a"));
  // An empty right side is the one-element set {""}.
  EXPECT_FALSE(set_contains_all("a,b", ""));
  EXPECT_TRUE(set_contains_all("a,,b", ""));
}

TEST(Regexp, NomadCheckRegexpConstraint) {
  // feasible_test.go TestCheckRegexpConstraint: unanchored search.
  EXPECT_TRUE(check("regexp", "foobar", "bar"));
  EXPECT_TRUE(check("regexp", "foobar", "^foo"));
  EXPECT_FALSE(check("regexp", "foobar", "^bar"));
  EXPECT_FALSE(check("regexp", "zipzap", "foo"));
}

TEST(Regexp, Re2SyntaxDifferences) {
  // Translated RE2 forms.
  EXPECT_TRUE(check("regexp", "Linux", "(?i)^linux$"));
  EXPECT_TRUE(check("regexp", "web-12", "^(?P<role>[a-z]+)-(?:[0-9]+)$"));
  EXPECT_TRUE(check("regexp", "a\nb", "(?s)a.b"));
  EXPECT_FALSE(check("regexp", "a\nb", "a.b"));
  EXPECT_TRUE(check("regexp", "abc", "\\Aabc\\z"));
  EXPECT_TRUE(check("regexp", "x]", "[]x]+"));
  EXPECT_TRUE(check("regexp", "amd64", "^[[:alnum:]]+$"));
  // RE2 rejects back-references and look-around, so Nomad's check is false.
  EXPECT_FALSE(check("regexp", "aa", "(a)\\1"));
  EXPECT_FALSE(check("regexp", "foobar", "foo(?=bar)"));
  EXPECT_FALSE(check("regexp", "foobar", "foo(?!baz)"));
  // A pattern that does not compile never matches.
  EXPECT_FALSE(check("regexp", "foo", "(foo"));
}

TEST(Version, ParsesLikeGoVersion) {
  const auto v = parse_go_version("v1.2.3-beta1+ent");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->segments, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(v->specified, 3);
  EXPECT_EQ(v->prerelease, "beta1");
  EXPECT_EQ(v->metadata, "ent");
  const auto short_v = parse_go_version("1.2");
  ASSERT_TRUE(short_v.has_value());
  EXPECT_EQ(short_v->segments, (std::vector<std::int64_t>{1, 2, 0}));
  EXPECT_EQ(short_v->specified, 2);
  // go-version accepts a prerelease without '-' ("1.2.3beta"), semver does not.
  EXPECT_EQ(parse_go_version("1.2.3beta")->prerelease, "beta");
  EXPECT_FALSE(parse_go_semver("1.2.3beta").has_value());
  EXPECT_EQ(parse_go_version("1.2.3.4")->segments.size(), 4u);
  EXPECT_FALSE(parse_go_version("").has_value());
  EXPECT_FALSE(parse_go_version("linux").has_value());
  EXPECT_FALSE(parse_go_version("1.2.").has_value());
  EXPECT_FALSE(parse_go_version("99999999999999999999").has_value());  // int64 overflow
}

TEST(Version, CompareLikeGoVersion) {
  const auto cmp = [](const char* a, const char* b) {
    return compare_go_versions(*parse_go_version(a), *parse_go_version(b));
  };
  EXPECT_EQ(cmp("1.2", "1.2.0"), 0);
  EXPECT_EQ(cmp("1.2.3", "1.2.3.0"), 0);
  EXPECT_EQ(cmp("1.2.3.1", "1.2.3"), 1);
  EXPECT_EQ(cmp("1.10", "1.9"), 1);
  EXPECT_EQ(cmp("1.2.3-beta", "1.2.3"), -1);
  EXPECT_EQ(cmp("1.2.3-beta.2", "1.2.3-beta.10"), -1);  // numeric parts compare as numbers
  EXPECT_EQ(cmp("1.2.3-beta", "1.2.3-alpha"), 1);
  EXPECT_EQ(cmp("1.2.3-1", "1.2.3-alpha"), -1);  // numeric below alphanumeric
  EXPECT_EQ(cmp("1.2.3+a", "1.2.3+b"), 0);       // metadata ignored
}

TEST(Version, NomadCheckVersionConstraint) {
  // feasible_test.go TestCheckVersionConstraint (the int 1 case as the string "1").
  EXPECT_TRUE(check("version", "1.2.3", "~> 1.0"));
  EXPECT_TRUE(check("version", "1.2.3", ">= 1.0, < 1.4"));
  EXPECT_FALSE(check("version", "2.0.1", "~> 1.0"));
  EXPECT_FALSE(check("version", "1.4", ">= 1.0, < 1.4"));
  EXPECT_TRUE(check("version", "1", "~> 1.0"));
  EXPECT_FALSE(check("version", "1.3.0-beta1", ">= 0.6.1"));          // prerelease never > final
  EXPECT_FALSE(check("version", "1.7.0-alpha1", ">= 1.6.0-beta1"));   // X.Y.Z must match
  EXPECT_TRUE(check("version", "1.3.0-beta1+ent", "= 1.3.0-beta1"));  // meta ignored
}

TEST(Version, PessimisticOperator) {
  // "~> 1.2" is >= 1.2, < 2.0; "~> 1.2.3" is >= 1.2.3, < 1.3.
  EXPECT_TRUE(check("version", "1.2.0", "~> 1.2"));
  EXPECT_TRUE(check("version", "1.9.7", "~> 1.2"));
  EXPECT_FALSE(check("version", "2.0.0", "~> 1.2"));
  EXPECT_FALSE(check("version", "1.1.9", "~> 1.2"));
  EXPECT_TRUE(check("version", "1.2.9", "~> 1.2.3"));
  EXPECT_FALSE(check("version", "1.3.0", "~> 1.2.3"));
  EXPECT_FALSE(check("version", "1.2.2", "~> 1.2.3"));
  // Operators and spacing.
  EXPECT_TRUE(check("version", "1.2.3", "1.2.3"));
  EXPECT_TRUE(check("version", "1.2.3", "!=1.2.4"));
  EXPECT_TRUE(check("version", "5.15.0", ">4.0"));
  EXPECT_TRUE(check("version", "0.9", "<=1"));
  // Malformed constraints or versions never match.
  EXPECT_FALSE(check("version", "1.2.3", ">> 1.0"));
  EXPECT_FALSE(check("version", "1.2.3", ">= 1.0,"));
  EXPECT_FALSE(check("version", "linux", ">= 1.0"));
}

TEST(Version, NomadCheckSemverConstraint) {
  // feasible_test.go TestCheckSemverConstraint
  EXPECT_FALSE(check("semver", "1.2.3", "~> 1.0"));  // no pessimistic operator
  EXPECT_TRUE(check("semver", "1.2.3", ">= 1.0, < 1.4"));
  EXPECT_FALSE(check("semver", "2.0.1", "~> 1.0"));
  EXPECT_FALSE(check("semver", "1.4", ">= 1.0, < 1.4"));
  EXPECT_FALSE(check("semver", "1", "~> 1.0"));
  EXPECT_TRUE(check("semver", "1.3.0-beta1", ">= 0.6.1"));
  EXPECT_TRUE(check("semver", "1.7.0-alpha1", ">= 1.6.0-beta1"));
  EXPECT_FALSE(check("semver", "1.7.0-beta", ">= 1.7.0"));
  EXPECT_TRUE(check("semver", "1.7.0", ">= 1.7.0-dev"));
  EXPECT_TRUE(check("semver", "1.7.0-beta.1", ">= 1.7.0-a"));
  EXPECT_TRUE(check("semver", "1.7.0-rc.1", ">= 1.7.0-dev"));
  EXPECT_TRUE(check("semver", "1.3.0-beta1+ent", "= 1.3.0-beta1"));
}

TEST(Constraint, StringIsTheFilterReason) {
  EXPECT_EQ(constraint_string({"${attr.kernel.name}", "linux", "="}),
            "${attr.kernel.name} = linux");
}

TEST(DistinctHosts, NomadRTargetTable) {
  // feasible_test.go TestDistinctHostsIterator_JobDistinctHosts_Table
  EXPECT_TRUE(distinct_hosts_enabled(""));
  EXPECT_TRUE(distinct_hosts_enabled("true"));
  EXPECT_FALSE(distinct_hosts_enabled("false"));
  EXPECT_TRUE(distinct_hosts_enabled("not_a_bool"));
  EXPECT_FALSE(distinct_hosts_enabled("0"));
  EXPECT_TRUE(distinct_hosts_enabled("T"));
}

TEST(DistinctHosts, JobAndGroupLevel) {
  // Job level: any allocation of the job on the node collides.
  EXPECT_FALSE(satisfies_distinct_hosts(true, false, 1, 0));
  EXPECT_TRUE(satisfies_distinct_hosts(true, false, 0, 0));
  // Group level: only the same job and group (TestDistinctHostsIterator_TaskGroupDistinctHosts).
  EXPECT_TRUE(satisfies_distinct_hosts(false, true, 1, 0));
  EXPECT_FALSE(satisfies_distinct_hosts(false, true, 1, 1));
  // No constraint: never filters.
  EXPECT_TRUE(satisfies_distinct_hosts(false, false, 3, 3));
}

TEST(DistinctProperty, LimitAndReasons) {
  EXPECT_EQ(distinct_property_limit("").allowed, 1u);
  EXPECT_EQ(distinct_property_limit("2").allowed, 2u);
  const auto bad = distinct_property_limit("two");
  EXPECT_EQ(bad.error,
            "failed to convert RTarget \"two\" to uint64: strconv.ParseUint: parsing \"two\": "
            "invalid syntax");
  const auto negative = distinct_property_limit("-1");
  EXPECT_FALSE(negative.error.empty());

  const auto one = distinct_property_limit("");
  EXPECT_TRUE(satisfies_distinct_property("${meta.rack}", one, "r1", 0).satisfied);
  const auto used = satisfies_distinct_property("${meta.rack}", one, "r1", 1);
  EXPECT_FALSE(used.satisfied);
  EXPECT_EQ(used.reason, "distinct_property: ${meta.rack}=r1 used by 1 allocs");
  const auto two = distinct_property_limit("2");
  EXPECT_TRUE(satisfies_distinct_property("${meta.rack}", two, "r1", 1).satisfied);
  EXPECT_FALSE(satisfies_distinct_property("${meta.rack}", two, "r1", 2).satisfied);
  const auto missing = satisfies_distinct_property("${meta.rack}", one, std::nullopt, 0);
  EXPECT_FALSE(missing.satisfied);
  EXPECT_EQ(missing.reason, "missing property \"${meta.rack}\"");
  EXPECT_EQ(satisfies_distinct_property("${meta.rack}", bad, "r1", 0).reason, bad.error);
}

}  // namespace
}  // namespace portolan::models
