// Common random numbers: every draw comes from a stream keyed by its mechanism and the entity
// it concerns (docs/design.md, "Randomness"), so changing one mechanism's parameter leaves the
// rows of every mechanism it cannot touch byte-identical. The scenario has each mechanism at
// once (tests/data/every_mechanism.textproto).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "models/results/results_writer.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

namespace fs = std::filesystem;

const char* const kScenario = "/models/runtime/tests/data/every_mechanism.textproto";

// The run's results directory, after the --set assignments.
fs::path run_with(const std::vector<std::pair<std::string, std::string>>& sets,
                  const std::string& name) {
  auto s = scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + kScenario);
  for (const auto& [path, value] : sets) scenario::set_field(&s.scenario, path, value);
  scenario::validate_or_throw(s);
  const fs::path dir = fs::path(testing::TempDir()) / ("crn_" + name);
  write_results(run_model(build_model(s.scenario), {}), dir);
  return dir;
}

// The lines of `file` whose first two fields (service, path) satisfy `keep`.
std::vector<std::string> rows(const fs::path& dir, const std::string& file,
                              const std::function<bool(const std::string&)>& keep) {
  std::ifstream in(dir / file);
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto second = line.find(',', line.find(',') + 1);
    if (keep(line.substr(0, second))) out.push_back(line);
  }
  return out;
}

std::string text(const fs::path& dir, const std::string& file) {
  std::ifstream in(dir / file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `sets` changes one mechanism; `untouched` picks the (service,path) rows it cannot move.
void expect_untouched(const std::vector<std::pair<std::string, std::string>>& sets,
                      const std::string& name,
                      const std::function<bool(const std::string&)>& untouched,
                      bool placements_too) {
  const fs::path base = run_with({}, name + "_base");
  const fs::path changed = run_with(sets, name);
  for (const char* file : {"discovery.csv", "stale.csv"}) {
    const auto a = rows(base, file, untouched);
    EXPECT_FALSE(a.empty()) << name << " " << file << ": no rows to compare";
    EXPECT_EQ(a, rows(changed, file, untouched)) << name << " " << file;
  }
  if (placements_too) {
    EXPECT_EQ(text(base, "placements.csv"), text(changed, "placements.csv")) << name;
  }
  // The change did change something: the test is not vacuous.
  EXPECT_NE(text(base, "discovery.csv") + text(base, "stale.csv"),
            text(changed, "discovery.csv") + text(changed, "stale.csv"))
      << name;
}

TEST(CommonRandomNumbers, DnsTtlLeavesEveryOtherPathAlone) {
  expect_untouched(
      {{"propagation.dns_ttl", "30s"}}, "dns_ttl",
      [](const std::string& sp) { return sp != "redis,dns"; }, true);
}

TEST(CommonRandomNumbers, TemplateWaitLeavesDnsConnectAndOtherTemplatesAlone) {
  expect_untouched(
      {{"jobs[\"web\"].groups[\"web\"].tasks[\"web\"].templates[0].wait_min", "1s"}},
      "template_wait", [](const std::string& sp) { return sp != "redis,template"; }, true);
}

TEST(CommonRandomNumbers, XdsPushLeavesEveryNonConnectPathAlone) {
  expect_untouched(
      {{"propagation.xds_push", "500ms"}}, "xds_push",
      [](const std::string& sp) { return sp != "db,connect"; }, true);
}

TEST(CommonRandomNumbers, DriverStartMeanOfOneDriverMovesOnlyItsTasks) {
  // Only kv runs on exec.
  expect_untouched(
      {{"propagation.driver_start_mean[\"exec\"]", "3s"}}, "driver_start",
      [](const std::string& sp) { return sp.rfind("kv,", 0) != 0; }, true);
}

TEST(CommonRandomNumbers, HeartbeatGraceLeavesGossipDetectedStaleTimesAlone) {
  // The servers mark the failed nodes down later: Nomad-native kv is deregistered later and
  // the lost allocations are replaced later. Consul's catalog learns of redis's death by
  // gossip, so its consumers forget it when they did.
  const fs::path base = run_with({}, "grace_base");
  const fs::path changed = run_with({{"propagation.heartbeat_grace", "30s"}}, "grace");
  const auto redis = [](const std::string& sp) { return sp.rfind("redis,", 0) == 0; };
  const auto kv = [](const std::string& sp) { return sp == "kv,template"; };
  EXPECT_FALSE(rows(base, "stale.csv", redis).empty());
  EXPECT_EQ(rows(base, "stale.csv", redis), rows(changed, "stale.csv", redis));
  EXPECT_NE(rows(base, "stale.csv", kv), rows(changed, "stale.csv", kv));
}

TEST(CommonRandomNumbers, GossipSettingsLeaveNomadNativeServicesAlone) {
  // Gossip detects dead Consul agents: Consul's services (redis, and db through Connect) move;
  // Nomad-native kv does not.
  expect_untouched(
      {{"propagation.gossip_probe_interval", "3s"}}, "gossip",
      [](const std::string& sp) { return sp.rfind("kv,", 0) == 0; }, true);
}

TEST(CommonRandomNumbers, AnotherJobLeavesThePlacementsOfTheOthers) {
  // A job of its own in a datacenter of its own (capacity does not interact), with a consumer
  // of redis: the other jobs' evaluations draw as before, so their placements are the same.
  std::ifstream in(std::string(PORTOLAN_SOURCE_DIR) + kScenario);
  std::stringstream text;
  text << in.rdbuf();
  const auto before = run_model(build_model(scenario::parse_text(text.str(), "crn").scenario), {});
  auto s = scenario::parse_text(text.str(), "crn");
  const auto extra = scenario::parse_text(R"(
    cluster { pools { name: "batch" count: 2 datacenter: "dc2" consul_agent: true } }
    jobs {
      name: "report"
      datacenters: "dc2"
      groups {
        name: "report"
        count: 2
        tasks { name: "report" templates { service: "redis" } }
      }
    }
  )",
                                          "extra");
  *s.scenario.mutable_cluster()->add_pools() = extra.scenario.cluster().pools(0);
  s.scenario.mutable_cluster()->add_datacenters("dc2");
  *s.scenario.add_jobs() = extra.scenario.jobs(0);
  scenario::validate_or_throw(s);
  const auto after = run_model(build_model(s.scenario), {});
  std::vector<std::string> a;
  std::vector<std::string> b;
  for (const auto& p : before.placements) a.push_back(p.job.str() + p.node.str() + p.ports.str());
  for (const auto& p : after.placements) {
    if (p.job != "report") b.push_back(p.job.str() + p.node.str() + p.ports.str());
  }
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace portolan::models
