#include "models/results/results_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace portolan::models {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunResult small_result() {
  RunResult r;
  r.scenario = "tiny";
  r.seed = 7;
  r.sim_time = 90 * sim::kSecond;
  r.events = 12;
  r.placements.push_back({.time = 0,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 0,
                          .node = "pool-0",
                          .placed = true,
                          .reason = "",
                          .alloc = 0});
  PlacementMetric collision;
  collision.evaluate();
  collision.exhaust("edge", "network: reserved port collision http=80");
  r.placements.push_back({.time = sim::kSecond / 2,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 1,
                          .node = "",
                          .placed = false,
                          .reason = "network: reserved port collision http=80",
                          .metric = collision});
  r.placements.push_back({.time = sim::kSecond / 2,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 2,
                          .placed = false,
                          .reason = "network: reserved port collision http=80",
                          .coalesced_into = 1});
  r.placements[1].metric.coalesced_failures = 1;
  r.placements[0].ports = PortBindings(1);
  r.placements[0].ports[0] = {.label = "http", .address = "10.0.0.1", .value = 20001, .to = 8080};
  r.allocations.push_back({.id = AllocationId::from_text("00000000-0000-4000-8000-000000000001"),
                           .job = "web",
                           .group = "app",
                           .node = "pool-0",
                           .placed = 0,
                           .running = 2 * sim::kSecond,
                           .client_status = "running",
                           .desired_status = "run"});
  r.allocations.push_back({.id = AllocationId::from_text("00000000-0000-4000-8000-000000000002"),
                           .job = "cache",
                           .group = "redis",
                           .node = "pool-0",
                           .placed = 0,
                           .running = sim::kSecond,
                           .client_status = "running",
                           .desired_status = "run"});
  // Latency 5.25 s (redis ran at 2 s, after the consumer started at 1 s); bootstrap 1 s (redis
  // ran before the consumer restarted at 5 s).
  r.discovery.push_back({.service = "redis",
                         .path = "template",
                         .instance_alloc = 1,
                         .consumer = "app",
                         .consumer_alloc = 0,
                         .running = 2 * sim::kSecond,
                         .consumer_started = sim::kSecond,
                         .visible = 7 * sim::kSecond + 250 * sim::kMillisecond});
  r.discovery.push_back({.service = "redis",
                         .path = "template",
                         .instance_alloc = 1,
                         .consumer = "app",
                         .consumer_alloc = 0,
                         .running = 2 * sim::kSecond,
                         .consumer_started = 5 * sim::kSecond,
                         .visible = 6 * sim::kSecond});
  // Dead at 10 s, learnt at 5 s, forgotten at 40 s: stale 30 s. Learnt after the death (at
  // 20 s): stale only from then, 20 s.
  r.stale.push_back({.service = "redis",
                     .path = "dns",
                     .instance_alloc = 1,
                     .consumer = "app",
                     .consumer_alloc = 0,
                     .dead = 10 * sim::kSecond,
                     .learnt = 5 * sim::kSecond,
                     .forgotten = 40 * sim::kSecond,
                     .failed_requests = 30});
  r.stale.push_back({.service = "redis",
                     .path = "dns",
                     .instance_alloc = 1,
                     .consumer = "app",
                     .consumer_alloc = 0,
                     .dead = 10 * sim::kSecond,
                     .learnt = 20 * sim::kSecond,
                     .forgotten = 40 * sim::kSecond,
                     .failed_requests = 20});
  r.node_events.push_back({.time = 3 * sim::kSecond, .node = "pool-0", .event = "failed"});
  r.timeseries.push_back({0, 1, 1, 0.25, 0.5, 0.001, 0.125});
  r.wall_seconds = 0.123;
  return r;
}

TEST(FormatSeconds, IsExactDecimal) {
  EXPECT_EQ(format_seconds(0), "0");
  EXPECT_EQ(format_seconds(1500 * sim::kMillisecond), "1.5");
  EXPECT_EQ(format_seconds(3), "0.000000003");
  EXPECT_EQ(format_seconds(-2 * sim::kSecond), "-2");
  EXPECT_EQ(format_seconds(3600 * sim::kSecond + 1), "3600.000000001");
}

TEST(Summarize, CountsOutcomesReasonsAndQuantiles) {
  const auto s = summarize(small_result());
  EXPECT_EQ(s["scenario"], "tiny");
  EXPECT_EQ(s["seed"], 7);
  EXPECT_EQ(s["sim_time_s"], 90.0);
  EXPECT_EQ(s["placements"]["requested"], 3);
  EXPECT_EQ(s["placements"]["placed"], 1);
  EXPECT_EQ(s["placements"]["failed"], 2);
  EXPECT_EQ(s["placements"]["failed_by_reason"]["network: reserved port collision http=80"], 2);
  // The two failures of web.app, the second coalesced into the first.
  const auto& group = s["placements"]["failed_by_group"]["web.app"];
  EXPECT_EQ(group["failed"], 2);
  EXPECT_EQ(group["last_failure"]["coalesced_failures"], 1);
  EXPECT_EQ(group["last_failure"]["nodes_exhausted"], 1);
  EXPECT_EQ(group["last_failure"]["class_exhausted"]["edge"], 1);
  EXPECT_EQ(s["allocations"]["count"], 2);
  EXPECT_EQ(s["allocations"]["by_client_status"]["running"], 2);
  // One latency row and one bootstrap row, each per service and path.
  const auto& latency = s["discovery_latency_s"]["redis"]["template"];
  EXPECT_EQ(latency["count"], 1);
  EXPECT_DOUBLE_EQ(latency["max"].get<double>(), 5.25);
  const auto& bootstrap = s["consumer_bootstrap_s"]["redis"]["template"];
  EXPECT_EQ(bootstrap["count"], 1);
  EXPECT_DOUBLE_EQ(bootstrap["max"].get<double>(), 1.0);
  // Stale 30 s and 20 s: linear interpolation gives p50 = 25.
  EXPECT_DOUBLE_EQ(s["stale_s"]["redis"]["dns"]["p50"].get<double>(), 25.0);
  EXPECT_EQ(s["failed_requests"]["redis"]["dns"], 50);
}

TEST(Summarize, WaitIsFromTheFirstFailedAttemptToThePlacement) {
  RunResult r;
  auto attempt = [&r](double at_s, int index, bool placed) {
    r.placements.push_back(PlacementRecord{.time = static_cast<sim::Time>(at_s * 1e9),
                                           .job = "web",
                                           .group = "app",
                                           .alloc_index = index,
                                           .node = placed ? "n-0" : "",
                                           .placed = placed,
                                           .reason = placed ? "" : "cpu"});
  };
  attempt(0, 0, true);    // placed at once: 0
  attempt(10, 1, false);  // waits from 10 s...
  attempt(20, 1, false);
  attempt(25, 1, true);   // ...to 25 s: 15
  attempt(30, 2, false);  // still waiting at the end: not counted
  const auto wait = summarize(r)["placements"]["wait_s"];
  EXPECT_EQ(wait["count"], 2);
  EXPECT_DOUBLE_EQ(wait["max"].get<double>(), 15.0);
  EXPECT_DOUBLE_EQ(wait["p50"].get<double>(), 7.5);
}

TEST(WriteResults, WritesEveryFileWithItsColumns) {
  const fs::path dir = fs::path(testing::TempDir()) / "portolan_results_writer" / "run";
  fs::remove_all(dir.parent_path());
  write_results(small_result(), dir);
  EXPECT_EQ(read(dir / "placements.csv"),
            "time_s,job,group,alloc_index,alloc_id,node,outcome,reason,ports\n"
            "0,web,app,0,00000000-0000-4000-8000-000000000001,pool-0,placed,,"
            "http=10.0.0.1:20001->8080\n"
            "0.5,web,app,1,,,failed,network: reserved port collision http=80,\n"
            "0.5,web,app,2,,,failed,network: reserved port collision http=80,\n");
  EXPECT_EQ(read(dir / "allocations.csv"),
            "alloc_id,name,job,group,alloc_index,job_version,node,previous_alloc_id,"
            "next_alloc_id,placed_s,running_s,healthy_s,ended_s,restarts,client_status,"
            "desired_status,end_reason\n"
            "00000000-0000-4000-8000-000000000001,web.app[0],web,app,0,0,pool-0,,,0,2,,,0,"
            "running,run,\n"
            "00000000-0000-4000-8000-000000000002,cache.redis[0],cache,redis,0,0,pool-0,,,0,1,,,"
            "0,running,run,\n");
  EXPECT_EQ(read(dir / "node_events.csv"), "time_s,node,event,detail\n3,pool-0,failed,\n");
  EXPECT_EQ(read(dir / "discovery.csv"),
            "service,path,kind,instance,instance_alloc_id,consumer,consumer_alloc,"
            "consumer_alloc_id,running_s,consumer_started_s,visible_s,latency_s\n"
            "redis,template,latency,cache.redis[0],00000000-0000-4000-8000-000000000002,app,"
            "web.app[0],00000000-0000-4000-8000-000000000001,2,1,7.25,5.25\n"
            "redis,template,bootstrap,cache.redis[0],00000000-0000-4000-8000-000000000002,app,"
            "web.app[0],00000000-0000-4000-8000-000000000001,2,5,6,1\n");
  EXPECT_EQ(read(dir / "stale.csv"),
            "service,path,instance,instance_alloc_id,consumer,consumer_alloc,consumer_alloc_id,"
            "dead_s,learnt_s,forgotten_s,stale_s,failed_requests\n"
            "redis,dns,cache.redis[0],00000000-0000-4000-8000-000000000002,app,web.app[0],"
            "00000000-0000-4000-8000-000000000001,10,5,40,30,30\n"
            "redis,dns,cache.redis[0],00000000-0000-4000-8000-000000000002,app,web.app[0],"
            "00000000-0000-4000-8000-000000000001,10,20,40,20,20\n");
  EXPECT_EQ(read(dir / "timeseries.csv"),
            "time_s,queued,running,cpu_util,memory_util,port_util,fragmentation\n"
            "0,1,1,0.25,0.5,0.001,0.125\n");
  // One AllocMetric line per placements.csv row; the coalesced one points at its first.
  const std::string metrics = read(dir / "placement_metrics.jsonl");
  std::vector<nlohmann::json> lines;
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1]["dimension_exhausted"]["network: reserved port collision http=80"], 1);
  EXPECT_EQ(lines[1]["coalesced_failures"], 1);
  EXPECT_TRUE(lines[1]["coalesced_into"].is_null());
  EXPECT_EQ(lines[2]["coalesced_into"], 1);
  EXPECT_EQ(lines[0]["alloc_id"], "00000000-0000-4000-8000-000000000001");
  EXPECT_NE(read(dir / "summary.json").find("\"wall_s\": 0.123"), std::string::npos);
  // Nothing is left beside the result: no staging directory.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.parent_path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(WriteResults, ReplacesAnOlderResultWhole) {
  const fs::path dir = fs::path(testing::TempDir()) / "portolan_results_replace" / "run";
  fs::remove_all(dir.parent_path());
  write_results(small_result(), dir);
  std::ofstream(dir / "stale_file.txt") << "old";  // beside an earlier result's summary.json
  write_results(small_result(), dir);
  EXPECT_FALSE(fs::exists(dir / "stale_file.txt"));
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
}

TEST(WriteResults, RefusesADirectoryThatIsNotAResultAndTouchesNothing) {
  const fs::path dir = fs::path(testing::TempDir()) / "portolan_results_foreign";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "mine";
  EXPECT_THROW(write_results(small_result(), dir), OutputRefused);
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
  EXPECT_FALSE(fs::exists(dir / "summary.json"));
  EXPECT_THROW(write_results(small_result(), dir / "notes.txt"), OutputRefused);
  EXPECT_EQ(read(dir / "notes.txt"), "mine");
  // A trailing separator names the same directory.
  EXPECT_EQ(results_target(dir / "run" / ""), fs::absolute(dir / "run"));
}

TEST(WriteResults, FailureLeavesNothingBehind) {
  const fs::path parent = fs::path(testing::TempDir()) / "portolan_results_fail";
  fs::remove_all(parent);
  fs::create_directories(parent);
  // A regular file where the parent directory of the output should be: creation fails.
  std::ofstream(parent / "blocker") << "x";
  EXPECT_THROW(write_results(small_result(), parent / "blocker" / "run"), std::exception);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(parent)) ++entries;
  EXPECT_EQ(entries, 1);
}

}  // namespace
}  // namespace portolan::models
