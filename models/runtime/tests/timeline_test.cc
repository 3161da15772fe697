// The timeline driver: fail_node by allocation, and the consumers a job implies running as the
// explicit ones do (the README's hello example, as written).
#include "models/runtime/timeline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "models/results/results_writer.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

namespace fs = std::filesystem;

scenario::LoadedScenario load(const std::string& file) {
  return scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + "/scenarios/" + file);
}

RunResult run(const scenario::LoadedScenario& loaded) {
  scenario::validate_or_throw(loaded);
  return run_model(build_model(loaded.scenario), {});
}

// Every file of the results directory by name, as written.
std::map<std::string, std::string> files_of(const RunResult& r, const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("timeline_test_" + name);
  fs::remove_all(dir);
  write_results(r, dir);
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    out[entry.path().filename().string()] = text.str();
  }
  return out;
}

TEST(Timeline, HelloAsWrittenRecordsDiscoveryForItsTemplateConsumer) {
  // hello as written, but the node that fails at 2m is the one that runs hello.app[1].
  auto hello = load("examples/hello.textproto");
  hello.scenario.mutable_timeline(0)->mutable_fail_node()->set_node("");
  hello.scenario.mutable_timeline(0)->mutable_fail_node()->set_alloc("hello.app[1]");
  const RunResult r = run(hello);
  // Both app allocations render redis's address: no `consumers` block needed. hello.app[1]
  // is lost with its node and its replacement, which starts while redis runs, bootstraps.
  std::map<std::string, int> rows;  // by consumer allocation name
  int bootstraps = 0;
  for (const auto& d : r.discovery) {
    EXPECT_EQ(d.service, "redis");
    EXPECT_EQ(r.alloc_name(d.instance_alloc), "cache.redis[0]");
    EXPECT_EQ(d.path, "template");
    EXPECT_EQ(d.consumer, "hello.app.app->redis/template");
    ++rows[r.allocations[static_cast<std::size_t>(d.consumer_alloc)].name()];
    bootstraps += d.bootstrap() ? 1 : 0;
  }
  EXPECT_EQ(rows["hello.app[0]"], 1);
  EXPECT_EQ(rows["hello.app[1]"], 2);
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_GE(bootstraps, 1);
}

TEST(Timeline, FailingTheNodeOfAnAllocationIsFailingThatNode) {
  // node_failure: cache.redis[0] is placed on client-0, the node its timeline fails at 2m.
  const auto by_node = load("examples/node_failure.textproto");
  auto by_alloc = by_node;
  scenario::set_field(&by_alloc.scenario, "timeline[0].fail_node.node", "");
  scenario::set_field(&by_alloc.scenario, "timeline[0].fail_node.alloc", "cache.redis[0]");
  const RunResult node_result = run(by_node);
  ASSERT_EQ(node_result.placements[0].node, "client-0");
  ASSERT_EQ(node_result.placements[0].alloc_index, 0);
  EXPECT_EQ(files_of(run(by_alloc), "by_alloc"), files_of(node_result, "by_node"));
  // cache.redis[1] runs on client-1: failing its node is another run.
  scenario::set_field(&by_alloc.scenario, "timeline[0].fail_node.alloc", "cache.redis[1]");
  EXPECT_NE(files_of(run(by_alloc), "by_alloc_1"), files_of(node_result, "by_node"));
}

TEST(Timeline, FailingTheNodeOfAnAllocationThatIsNotLiveDoesNothing) {
  // The job stops at 1m; at 2m no allocation is named cache.redis[0].
  auto without = load("examples/node_failure.textproto");
  scenario::set_field(&without.scenario, "timeline[0].fail_node.node", "");
  scenario::set_field(&without.scenario, "timeline[0].stop_job.job", "cache");
  scenario::set_field(&without.scenario, "timeline[0].at", "1m");
  auto with = without;
  scenario::set_field(&with.scenario, "timeline[1].at", "2m");
  scenario::set_field(&with.scenario, "timeline[1].fail_node.alloc", "cache.redis[0]");
  ASSERT_EQ(with.scenario.timeline_size(), 2);
  const RunResult with_result = run(with);
  const RunResult without_result = run(without);
  // The same run, but for the kernel event of the no-op itself (summary.json's "events").
  EXPECT_EQ(with_result.events, without_result.events + 1);
  auto with_files = files_of(with_result, "not_live_with");
  auto without_files = files_of(without_result, "not_live_without");
  const std::regex events("\"events\": [0-9]+");
  for (auto* files : {&with_files, &without_files}) {
    (*files)["summary.json"] = std::regex_replace((*files)["summary.json"], events, "");
  }
  EXPECT_EQ(with_files, without_files);
}

TEST(Timeline, ASystemJobsAllocationIsTheFirstPlacedOfThatName) {
  // Every allocation of a system job is "<job>.<group>[0]"; the first placed runs on web-0.
  const std::string text = R"txt(
cluster { pools { name: "web" count: 3 } }
jobs { name: "agent" type: "system" groups { name: "a" tasks { name: "a" } } }
timeline { at: "1m" fail_node { node: "web-0" } }
run { horizon: "5m" }
)txt";
  const auto by_node = scenario::parse_text(text, "system.textproto");
  auto by_alloc = by_node;
  scenario::set_field(&by_alloc.scenario, "timeline[0].fail_node.node", "");
  scenario::set_field(&by_alloc.scenario, "timeline[0].fail_node.alloc", "agent.a[0]");
  const RunResult node_result = run(by_node);
  ASSERT_EQ(node_result.placements[0].node, "web-0");
  EXPECT_EQ(files_of(run(by_alloc), "system_by_alloc"), files_of(node_result, "system_by_node"));
}

// A snapshot's allocation web.app[1] runs on client-1 at t = 0 holding static port 8080: the job's
// first evaluation places only the missing [0] and [2]; [0] takes client-0, and [2] finds 8080
// held on both nodes (Nomad's "reserved port collision http=8080").
TEST(Timeline, RunningAllocationsHoldTheirNodeAndPortsFromTheStart) {
  const std::string text = R"txt(
cluster { pools { name: "client" count: 2 resources { cpu_mhz: 1000 memory_mb: 1024 } } }
jobs { name: "web" groups { name: "app" count: 3
  network { ports { label: "http" static: 8080 } ports { label: "admin" } }
  tasks { name: "t" cpu_mhz: 300 memory_mb: 256 } } }
allocations { job: "web" group: "app" index: 1 node: "client-1" id: "0a7c63e1-snapshot"
  ports { label: "http" value: 8080 } ports { label: "admin" value: 25000 } }
run { horizon: "1m" }
)txt";
  const RunResult r = run(scenario::parse_text(text, "snapshot.textproto"));
  ASSERT_EQ(r.placements.size(), 3u);
  EXPECT_EQ(r.placements[0].alloc_index, 1);
  EXPECT_EQ(r.placements[0].node, "client-1");
  EXPECT_EQ(r.placements[0].ports, "http=10.0.0.1:8080->8080;admin=10.0.0.1:25000->25000");
  EXPECT_EQ(r.placements[1].alloc_index, 0);
  EXPECT_EQ(r.placements[1].node, "client-0");
  EXPECT_FALSE(r.placements[2].placed);
  EXPECT_EQ(r.placements[2].alloc_index, 2);
  EXPECT_EQ(r.placements[2].reason, "network: reserved port collision http=8080");
  ASSERT_EQ(r.allocations.size(), 2u);
  EXPECT_EQ(r.allocations[0].id, "0a7c63e1-snapshot");
  EXPECT_EQ(r.allocations[0].running, 0);  // running already: no driver start
  EXPECT_GT(r.allocations[1].running, 0);
  EXPECT_EQ(r.allocations[0].client_status, "running");
}

// A running allocation of a group already at its count: nothing is placed, nothing replaced.
TEST(Timeline, AJobWhoseAllocationsAllRunPlacesNothing) {
  const std::string text = R"txt(
cluster { pools { name: "client" count: 2 } }
jobs { name: "web" groups { name: "app" count: 2 tasks { name: "t" } } }
allocations { job: "web" group: "app" index: 0 node: "client-1" }
allocations { job: "web" group: "app" index: 1 node: "client-1" }
run { horizon: "10m" }
)txt";
  const RunResult r = run(scenario::parse_text(text, "steady.textproto"));
  ASSERT_EQ(r.placements.size(), 2u);
  for (const auto& a : r.allocations) {
    EXPECT_EQ(a.node, "client-1");
    EXPECT_EQ(a.client_status, "running");
  }
}

}  // namespace
}  // namespace portolan::models
