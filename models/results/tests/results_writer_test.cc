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
  r.placements.push_back({0, "web", "app", 0, "pool-0", true, "", "http=20001"});
  r.placements.push_back({sim::kSecond / 2, "web", "app", 1, "", false,
                          "network: reserved port collision http=80", ""});
  r.discovery.push_back({"redis", "redis.cache[0]", "app", "template", 2 * sim::kSecond,
                         7 * sim::kSecond + 250 * sim::kMillisecond});
  r.discovery.push_back(
      {"redis", "redis.cache[1]", "app", "template", 2 * sim::kSecond, 3 * sim::kSecond});
  r.stale.push_back({"redis", "redis.cache[0]", "app", 10 * sim::kSecond, 40 * sim::kSecond, 30});
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
  EXPECT_EQ(s["placements"]["requested"], 2);
  EXPECT_EQ(s["placements"]["placed"], 1);
  EXPECT_EQ(s["placements"]["failed"], 1);
  EXPECT_EQ(s["placements"]["failed_by_reason"]["network: reserved port collision http=80"], 1);
  // Latencies 5.25 s and 1 s: linear interpolation gives p50 = 3.125.
  const auto& redis = s["discovery_latency_s"]["redis"];
  EXPECT_EQ(redis["count"], 2);
  EXPECT_DOUBLE_EQ(redis["p50"].get<double>(), 3.125);
  EXPECT_DOUBLE_EQ(redis["max"].get<double>(), 5.25);
  EXPECT_DOUBLE_EQ(s["stale_s"]["redis"]["max"].get<double>(), 30.0);
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
                                           .reason = placed ? "" : "cpu",
                                           .ports = ""});
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
            "time_s,job,group,alloc_index,node,outcome,reason,ports\n"
            "0,web,app,0,pool-0,placed,,http=20001\n"
            "0.5,web,app,1,,failed,network: reserved port collision http=80,\n");
  EXPECT_EQ(read(dir / "discovery.csv"),
            "service,instance,consumer,path,running_s,visible_s,latency_s\n"
            "redis,redis.cache[0],app,template,2,7.25,5.25\n"
            "redis,redis.cache[1],app,template,2,3,1\n");
  EXPECT_EQ(read(dir / "stale.csv"),
            "service,instance,consumer,dead_s,forgotten_s,stale_s,failed_requests\n"
            "redis,redis.cache[0],app,10,40,30,30\n");
  EXPECT_EQ(read(dir / "timeseries.csv"),
            "time_s,queued,running,cpu_util,memory_util,port_util,fragmentation\n"
            "0,1,1,0.25,0.5,0.001,0.125\n");
  EXPECT_NE(read(dir / "summary.json").find("\"wall_s\": 0.123"), std::string::npos);
  // Nothing is left beside the result: no staging directory.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.parent_path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(WriteResults, ReplacesAnOlderResultWhole) {
  const fs::path dir = fs::path(testing::TempDir()) / "portolan_results_replace" / "run";
  fs::remove_all(dir.parent_path());
  fs::create_directories(dir);
  std::ofstream(dir / "stale_file.txt") << "old";
  write_results(small_result(), dir);
  EXPECT_FALSE(fs::exists(dir / "stale_file.txt"));
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
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
