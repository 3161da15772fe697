// Result columns: the names and order of design section 6's files, seconds from nanoseconds,
// text dictionary-encoded in order of first appearance.
#include "analysis/columns.h"

#include <gtest/gtest.h>

namespace portolan::analysis {
namespace {

std::vector<std::string> names(const Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t) out.push_back(c.name);
  return out;
}

TEST(Columns, PlacementsAsInTheCsv) {
  models::RunResult r;
  r.placements.push_back({.time = 1'500'000'000,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 0,
                          .node = "n-0",
                          .placed = true,
                          .reason = "",
                          .ports = "http=20001"});
  r.placements.push_back({.time = 2'000'000'000,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 1,
                          .node = "",
                          .placed = false,
                          .reason = "cpu",
                          .ports = ""});
  r.placements.push_back({.time = 2'000'000'000,
                          .job = "db",
                          .group = "app",
                          .alloc_index = 0,
                          .node = "n-0",
                          .placed = true,
                          .reason = "",
                          .ports = ""});
  const Table t = placements_table(r);
  EXPECT_EQ(names(t), (std::vector<std::string>{"time_s", "job", "group", "alloc_index", "node",
                                                "outcome", "reason", "ports"}));
  EXPECT_EQ(std::get<std::vector<double>>(t[0].values), (std::vector<double>{1.5, 2.0, 2.0}));
  const auto& job = std::get<TextColumn>(t[1].values);
  EXPECT_EQ(job.categories, (std::vector<std::string>{"web", "db"}));
  EXPECT_EQ(job.codes, (std::vector<std::int32_t>{0, 0, 1}));
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(t[3].values), (std::vector<std::int64_t>{0, 1, 0}));
  const auto& outcome = std::get<TextColumn>(t[5].values);
  EXPECT_EQ(outcome.categories, (std::vector<std::string>{"placed", "failed"}));
  EXPECT_EQ(outcome.codes, (std::vector<std::int32_t>{0, 1, 0}));
}

TEST(Columns, DiscoveryAndStaleDeriveTheirDurations) {
  models::RunResult r;
  r.discovery.push_back({.service = "redis",
                         .instance = "i",
                         .consumer = "app",
                         .path = "template",
                         .running = 2'000'000'000,
                         .visible = 9'250'000'000});
  r.stale.push_back({.service = "redis",
                     .instance = "i",
                     .consumer = "app",
                     .dead = 120'000'000'000,
                     .forgotten = 150'500'000'000,
                     .failed_requests = 7});
  const Table d = discovery_table(r);
  EXPECT_EQ(names(d), (std::vector<std::string>{"service", "instance", "consumer", "path",
                                                "running_s", "visible_s", "latency_s"}));
  EXPECT_EQ(std::get<std::vector<double>>(d[6].values), std::vector<double>{7.25});
  const Table s = stale_table(r);
  EXPECT_EQ(names(s), (std::vector<std::string>{"service", "instance", "consumer", "dead_s",
                                                "forgotten_s", "stale_s", "failed_requests"}));
  EXPECT_EQ(std::get<std::vector<double>>(s[5].values), std::vector<double>{30.5});
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(s[6].values), std::vector<std::int64_t>{7});
}

TEST(Columns, TimeseriesAndEmptyTables) {
  models::RunResult r;
  EXPECT_EQ(std::get<std::vector<double>>(placements_table(r)[0].values).size(), 0u);
  r.timeseries.push_back({.time = 30'000'000'000,
                          .queued = 4,
                          .running = 10,
                          .cpu = 0.5,
                          .memory = 0.25,
                          .ports = 0.125});
  const Table t = timeseries_table(r);
  EXPECT_EQ(names(t), (std::vector<std::string>{"time_s", "queued", "running", "cpu_util",
                                                "memory_util", "port_util", "fragmentation"}));
  EXPECT_EQ(std::get<std::vector<double>>(t[5].values), std::vector<double>{0.125});
}

}  // namespace
}  // namespace portolan::analysis
