// Field paths: --set and Scenario.set reach every kind of field, and name what went wrong.
#include "scenarios/field_path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/loader.h"

namespace portolan::scenario {
namespace {

// hello.textproto: pool "web" (3 nodes); job "cache" group "redis" port "db" and service
// "redis"; job "hello" group "app" (count 2) port "http".
Scenario hello() {
  return load_file(PORTOLAN_SOURCE_DIR "/scenarios/examples/hello.textproto").scenario;
}

// The first problem set_field throws; fails the test when it does not throw.
std::string set_error(Scenario* s, const std::string& path, const std::string& value) {
  try {
    set_field(s, path, value);
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.problems().empty());
    if (e.problems().empty()) return {};
    const std::string& first = e.problems()[0];
    EXPECT_EQ(first.rfind("--set " + path + "=" + value + ":", 0), 0u) << first;
    return first;
  }
  ADD_FAILURE() << "--set " << path << "=" << value << " did not throw";
  return {};
}

TEST(FieldPath, SetsTopLevelScalar) {
  Scenario s = hello();
  set_field(&s, "run.seed", "42");
  EXPECT_EQ(s.run().seed(), 42u);
  set_field(&s, "run.horizon", "30m");
  EXPECT_EQ(s.run().horizon(), "30m");
}

TEST(FieldPath, SetsByPosition) {
  Scenario s = hello();
  set_field(&s, "cluster.pools[0].count", "5");
  EXPECT_EQ(s.cluster().pools(0).count(), 5);
  set_field(&s, "jobs[1].groups[0].network.ports[0].static", "8080");
  EXPECT_EQ(s.jobs(1).groups(0).network().ports(0).static_(), 8080);
}

TEST(FieldPath, SetsByName) {
  Scenario s = hello();
  set_field(&s, R"(jobs["hello"].groups["app"].count)", "4");
  EXPECT_EQ(s.jobs(1).groups(0).count(), 4);
  EXPECT_EQ(s.jobs(0).groups(0).count(), 1);  // the other job is untouched
}

TEST(FieldPath, PortsAreNamedByLabel) {
  Scenario s = hello();
  set_field(&s, R"(jobs[0].groups[0].network.ports["db"].static)", "6379");
  EXPECT_EQ(s.jobs(0).groups(0).network().ports(0).static_(), 6379);
}

TEST(FieldPath, RepeatedScalarTakesACommaSeparatedList) {
  Scenario s = hello();
  set_field(&s, "jobs[0].datacenters", "dc1,dc2");
  EXPECT_EQ(
      std::vector<std::string>(s.jobs(0).datacenters().begin(), s.jobs(0).datacenters().end()),
      (std::vector<std::string>{"dc1", "dc2"}));
  set_field(&s, "jobs[0].datacenters", "dc3");  // replaces, not appends
  EXPECT_EQ(
      std::vector<std::string>(s.jobs(0).datacenters().begin(), s.jobs(0).datacenters().end()),
      (std::vector<std::string>{"dc3"}));
}

TEST(FieldPath, MapKeyIsAddedOrReplaced) {
  Scenario s = hello();
  set_field(&s, R"(cluster.pools[0].attributes["rack"])", "r1");
  EXPECT_EQ(s.cluster().pools(0).attributes().at("rack"), "r1");
  set_field(&s, R"(cluster.pools[0].attributes["kernel.name"])", "windows");
  EXPECT_EQ(s.cluster().pools(0).attributes().at("kernel.name"), "windows");
  EXPECT_EQ(s.cluster().pools(0).attributes().at("driver.docker"), "true");  // others stay
}

TEST(FieldPath, IndexEqualToTheSizeAppends) {
  Scenario s = hello();
  ASSERT_EQ(s.cluster().pools_size(), 1);
  set_field(&s, "cluster.pools[1].name", "gpu");
  ASSERT_EQ(s.cluster().pools_size(), 2);
  EXPECT_EQ(s.cluster().pools(1).name(), "gpu");
  EXPECT_EQ(s.cluster().pools(0).name(), "web");

  ASSERT_EQ(s.jobs(0).datacenters_size(), 1);
  set_field(&s, "jobs[0].datacenters[1]", "dc2");
  ASSERT_EQ(s.jobs(0).datacenters_size(), 2);
  EXPECT_EQ(s.jobs(0).datacenters(1), "dc2");
  set_field(&s, "jobs[0].datacenters[0]", "dc0");  // an existing position is replaced
  EXPECT_EQ(s.jobs(0).datacenters(0), "dc0");
  EXPECT_EQ(s.jobs(0).datacenters_size(), 2);
}

TEST(FieldPath, AFailedSetLeavesTheScenarioUnchanged) {
  Scenario s = hello();
  const std::string before = s.DebugString();
  // Appending pools[1] succeeds before the bad value fails: nothing of it may stay.
  set_error(&s, "cluster.pools[1].count", "many");
  EXPECT_EQ(s.DebugString(), before);
  EXPECT_EQ(s.cluster().pools_size(), 1);
}

TEST(FieldPath, SetsBoolAndDouble) {
  Scenario s = hello();
  set_field(&s, "cluster.pools[0].consul_agent", "true");
  EXPECT_TRUE(s.cluster().pools(0).consul_agent());
  set_field(&s, "cluster.pools[0].consul_agent", "false");
  EXPECT_FALSE(s.cluster().pools(0).consul_agent());
  set_field(&s, R"(jobs["cache"].groups["redis"].services[0].connect.sidecar_service)", "1");
  EXPECT_TRUE(s.jobs(0).groups(0).services(0).connect().sidecar_service());
  set_field(&s, "propagation.max_heartbeats_per_second", "12.5");
  EXPECT_DOUBLE_EQ(s.propagation().max_heartbeats_per_second(), 12.5);
}

TEST(FieldPath, UnknownFieldNamesTheSegment) {
  Scenario s = hello();
  const std::string e = set_error(&s, "run.sed", "2");
  EXPECT_NE(e.find("\"sed\" is not a field of RunSettings"), std::string::npos) << e;
  const std::string nested = set_error(&s, "jobs[0].groups[0].cuont", "2");
  EXPECT_NE(nested.find("\"cuont\" is not a field of Group"), std::string::npos) << nested;
}

// The loader has expanded and cleared `generate` before any --set, so setting it would do
// nothing; it is refused with where to set instead.
TEST(FieldPath, GeneratorsAreNotSetAfterTheyExpand) {
  Scenario s = load_file(PORTOLAN_SOURCE_DIR "/scenarios/examples/c2m.textproto").scenario;
  ASSERT_EQ(s.generate_size(), 0);
  ASSERT_EQ(s.jobs_size(), 2000);
  for (const std::string path : {"generate[0].count", "generate[0].job.groups[0].count"}) {
    const std::string e = set_error(&s, path, "20");
    EXPECT_NE(e.find("generators are expanded into jobs when the file loads"), std::string::npos)
        << e;
  }
  EXPECT_EQ(s.generate_size(), 0);
  set_field(&s, "jobs[\"job-0001\"].groups[0].count", "20");
  EXPECT_EQ(s.jobs(1).groups(0).count(), 20);
}

TEST(FieldPath, IndexPastTheEndIsAnError) {
  Scenario s = hello();
  const std::string e = set_error(&s, "cluster.pools[3].count", "2");
  EXPECT_NE(e.find("pools[3] is past the end (1 elements)"), std::string::npos) << e;
  EXPECT_EQ(s.cluster().pools_size(), 1);
  const std::string scalar = set_error(&s, "jobs[0].datacenters[5]", "dc9");
  EXPECT_NE(scalar.find("datacenters[5] is past the end (1 elements)"), std::string::npos)
      << scalar;
}

TEST(FieldPath, ValueMustConvertToTheFieldType) {
  Scenario s = hello();
  const std::string word = set_error(&s, "cluster.pools[0].count", "many");
  EXPECT_NE(word.find("\"many\" is not a int32"), std::string::npos) << word;
  const std::string big = set_error(&s, "cluster.pools[0].count", "3000000000");
  EXPECT_NE(big.find("\"3000000000\" is not a int32"), std::string::npos) << big;
  const std::string frac = set_error(&s, "cluster.pools[0].count", "2.5");
  EXPECT_NE(frac.find("\"2.5\" is not a int32"), std::string::npos) << frac;
  const std::string negative = set_error(&s, "run.seed", "-1");
  EXPECT_NE(negative.find("\"-1\" is not a uint64"), std::string::npos) << negative;
  const std::string yes = set_error(&s, "cluster.pools[0].consul_agent", "yes");
  EXPECT_NE(yes.find("\"yes\" is not a bool"), std::string::npos) << yes;
  const std::string rate = set_error(&s, "propagation.max_heartbeats_per_second", "fast");
  EXPECT_NE(rate.find("\"fast\" is not a double"), std::string::npos) << rate;
  EXPECT_EQ(s.cluster().pools(0).count(), 3);  // unchanged by the failures
}

TEST(FieldPath, NameMatchingNoElementIsAnError) {
  Scenario s = hello();
  const std::string job = set_error(&s, R"(jobs["nope"].groups[0].count)", "2");
  EXPECT_NE(job.find("jobs has no element named \"nope\""), std::string::npos) << job;
  const std::string port = set_error(&s, R"(jobs[0].groups[0].network.ports["http"].static)", "1");
  EXPECT_NE(port.find("ports has no element named \"http\""), std::string::npos) << port;
}

TEST(FieldPath, IndexingANonListIsAnError) {
  Scenario s = hello();
  const std::string e = set_error(&s, "run[0].seed", "2");
  EXPECT_NE(e.find("run is not a list; drop the index"), std::string::npos) << e;
  const std::string scalar = set_error(&s, "cluster.pools[0].count[0]", "2");
  EXPECT_NE(scalar.find("count is not a list; drop the index"), std::string::npos) << scalar;
}

TEST(FieldPath, OtherMalformedPathsAreErrors) {
  Scenario s = hello();
  set_error(&s, "", "1");
  set_error(&s, "run.", "1");
  set_error(&s, "cluster.pools[0", "1");
  set_error(&s, "cluster.pools[-1].count", "1");
  const std::string list = set_error(&s, "jobs.name", "x");
  EXPECT_NE(list.find("jobs is a list: index it"), std::string::npos) << list;
  const std::string message = set_error(&s, "run", "x");
  EXPECT_NE(message.find("field run is a message"), std::string::npos) << message;
  const std::string map = set_error(&s, "cluster.pools[0].attributes", "x");
  EXPECT_NE(map.find("attributes is a map"), std::string::npos) << map;
  const std::string through = set_error(&s, "run.seed.value", "1");
  EXPECT_NE(through.find("seed is a uint64, it has no fields"), std::string::npos) << through;
}

}  // namespace
}  // namespace portolan::scenario
