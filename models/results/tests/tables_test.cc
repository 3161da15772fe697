// Result tables: the names and order of the CSV files' columns, times kept as nanoseconds
// (optional ones negative when missing), text dictionary-encoded in order of first appearance.
#include "models/results/tables.h"

#include <gtest/gtest.h>

namespace portolan::models {
namespace {

std::vector<std::string> names(const Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t) out.push_back(c.name);
  return out;
}

TEST(Tables, PlacementsAsInTheCsv) {
  RunResult r;
  r.allocations.push_back({.id = AllocationId::from_text("a-0"), .job = "web", .group = "app"});
  r.placements.push_back({.time = 1'500'000'000,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 0,
                          .node = "n-0",
                          .placed = true,
                          .alloc = 0});
  r.placements.push_back({.time = 2'000'000'000,
                          .job = "web",
                          .group = "app",
                          .alloc_index = 1,
                          .placed = false,
                          .reason = "cpu"});
  r.placements.push_back({.time = 2'000'000'000,
                          .job = "db",
                          .group = "app",
                          .alloc_index = 0,
                          .node = "n-0",
                          .placed = true});
  const Table t = placements_table(r);
  EXPECT_EQ(names(t), (std::vector<std::string>{"time_s", "job", "group", "alloc_index", "alloc_id",
                                                "node", "outcome", "reason", "ports"}));
  EXPECT_EQ(std::get<TimeColumn>(t[0].values).ns,
            (std::vector<sim::Time>{1'500'000'000, 2'000'000'000, 2'000'000'000}));
  const auto& job = std::get<TextColumn>(t[1].values);
  EXPECT_EQ(job.categories, (std::vector<std::string>{"web", "db"}));
  EXPECT_EQ(job.codes, (std::vector<std::int32_t>{0, 0, 1}));
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(t[3].values), (std::vector<std::int64_t>{0, 1, 0}));
  // An allocation id only for the placement that names an allocation the result holds.
  const auto& id = std::get<TextColumn>(t[4].values);
  EXPECT_EQ(id.categories, (std::vector<std::string>{"a-0", ""}));
  EXPECT_EQ(id.codes, (std::vector<std::int32_t>{0, 1, 1}));
  const auto& outcome = std::get<TextColumn>(t[6].values);
  EXPECT_EQ(outcome.categories, (std::vector<std::string>{"placed", "failed"}));
  EXPECT_EQ(rows(t), 3u);
}

TEST(Tables, DiscoveryKindAndDelay) {
  RunResult r;
  // Running at 2 s, the consumer watching since 1 s: latency 7.25 s; since 4 s: bootstrap 5.25 s.
  for (const sim::Time started : {sim::Time{1'000'000'000}, sim::Time{4'000'000'000}}) {
    r.discovery.push_back({.service = "redis",
                           .path = "template",
                           .consumer = "app",
                           .running = 2'000'000'000,
                           .consumer_started = started,
                           .visible = 9'250'000'000});
  }
  const Table d = discovery_table(r);
  EXPECT_EQ(names(d), (std::vector<std::string>{"service", "path", "kind", "instance",
                                                "instance_alloc_id", "consumer", "consumer_alloc",
                                                "consumer_alloc_id", "running_s",
                                                "consumer_started_s", "visible_s", "latency_s"}));
  const auto& kind = std::get<TextColumn>(d[2].values);
  EXPECT_EQ(kind.categories, (std::vector<std::string>{"latency", "bootstrap"}));
  EXPECT_EQ(std::get<TimeColumn>(d[11].values).ns,
            (std::vector<sim::Time>{7'250'000'000, 5'250'000'000}));
}

TEST(Tables, StaleCountsFromWhenTheConsumerLearntTheAddress) {
  RunResult r;
  r.stale.push_back({.service = "redis",
                     .dead = 120'000'000'000,
                     .learnt = 10'000'000'000,
                     .forgotten = 150'500'000'000,
                     .failed_requests = 7});
  r.stale.push_back({.service = "redis",
                     .dead = 120'000'000'000,
                     .learnt = 130'000'000'000,
                     .forgotten = 150'500'000'000});
  const Table s = stale_table(r);
  EXPECT_EQ(names(s),
            (std::vector<std::string>{"service", "path", "instance", "instance_alloc_id",
                                      "consumer", "consumer_alloc", "consumer_alloc_id", "dead_s",
                                      "learnt_s", "forgotten_s", "stale_s", "failed_requests"}));
  EXPECT_EQ(std::get<TimeColumn>(s[10].values).ns,
            (std::vector<sim::Time>{30'500'000'000, 20'500'000'000}));
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(s[11].values), (std::vector<std::int64_t>{7, 0}));
}

TEST(Tables, AllocationTimesThatNeverCameAreMissing) {
  RunResult r;
  r.allocations.push_back({.id = AllocationId::from_text("a"),
                           .job = "web",
                           .group = "app",
                           .placed = 0,
                           .running = -1});
  r.allocations.push_back({.id = AllocationId::from_text("b"),
                           .job = "web",
                           .group = "app",
                           .previous = 0,
                           .running = 5});
  r.allocations[0].next = 1;
  const Table t = allocations_table(r);
  EXPECT_EQ(t[7].name, "previous_alloc_id");
  EXPECT_EQ(std::get<TextColumn>(t[7].values).categories, (std::vector<std::string>{"", "a"}));
  EXPECT_EQ(std::get<TextColumn>(t[8].values).categories, (std::vector<std::string>{"b", ""}));
  const auto& running = std::get<TimeColumn>(t[10].values);
  EXPECT_EQ(t[10].name, "running_s");
  EXPECT_TRUE(running.optional);
  EXPECT_EQ(running.ns, (std::vector<sim::Time>{-1, 5}));
}

TEST(Tables, TimeseriesAndEmptyTables) {
  RunResult r;
  EXPECT_EQ(rows(placements_table(r)), 0u);
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
}  // namespace portolan::models
