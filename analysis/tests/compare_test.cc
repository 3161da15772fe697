// compare: which metrics are judged, what counts as worse, tolerances, and the table a CI log
// shows.
#include "analysis/compare.h"

#include <gtest/gtest.h>

#include <sstream>

namespace portolan::analysis {
namespace {

using nlohmann::json;

json summary(int failed, json by_reason, double redis_p99, double wall_s) {
  return {{"scenario", "s"},
          {"seed", 1},
          {"events", 100},
          {"placements",
           {{"requested", 10},
            {"placed", 10 - failed},
            {"failed", failed},
            {"failed_by_reason", by_reason}}},
          {"discovery_latency_s",
           {{"redis", {{"count", 3}, {"p50", 5.5}, {"p90", 6}, {"p99", redis_p99}, {"max", 7}}}}},
          {"stale_s", json::object()},
          {"version", "0.1.0"},
          {"wall_s", wall_s}};
}

const MetricComparison& row(const Comparison& c, const std::string& metric) {
  for (const auto& r : c.rows) {
    if (r.metric == metric) return r;
  }
  throw std::runtime_error("no row " + metric);
}

TEST(Compare, IdenticalRunsPassWhateverTheirWallTime) {
  const auto c =
      compare(summary(2, {{"cpu", 2}}, 6.5, 0.1), summary(2, {{"cpu", 2}}, 6.5, 9.0), {});
  EXPECT_TRUE(c.passed());
  // placements.failed, one reason, four quantiles; metadata and counts of samples not judged.
  ASSERT_EQ(c.rows.size(), 6u);
  for (const auto& r : c.rows) EXPECT_EQ(r.verdict, Verdict::kSame) << r.metric;
}

TEST(Compare, MoreFailuresAreWorseAndNamed) {
  const auto c = compare(
      summary(2, {{"cpu", 2}}, 6.5, 0),
      summary(5, {{"cpu", 2}, {"network: reserved port collision http=8080", 3}}, 6.5, 0), {});
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(row(c, "placements.failed").verdict, Verdict::kWorse);
  // A reason the baseline never saw counts from zero.
  const auto& collision =
      row(c, "placements.failed_by_reason.network: reserved port collision http=8080");
  EXPECT_EQ(*collision.baseline, 0);
  EXPECT_EQ(*collision.candidate, 3);
  EXPECT_EQ(collision.verdict, Verdict::kWorse);
  EXPECT_EQ(c.failed_metrics(),
            (std::vector<std::string>{
                "placements.failed",
                "placements.failed_by_reason.network: reserved port collision http=8080"}));
}

TEST(Compare, LongerWaitsForAPlacementAreWorse) {
  json base = summary(0, json::object(), 6.5, 0);
  json cand = base;
  base["placements"]["wait_s"] = {{"count", 4}, {"p50", 0}, {"p90", 1}, {"p99", 2}, {"max", 2}};
  cand["placements"]["wait_s"] = {{"count", 4}, {"p50", 0}, {"p90", 1}, {"p99", 30}, {"max", 30}};
  const auto c = compare(base, cand, {});
  EXPECT_EQ(c.failed_metrics(),
            (std::vector<std::string>{"placements.wait_s.max", "placements.wait_s.p99"}));
}

TEST(Compare, LowerIsBetterAndPasses) {
  const auto c = compare(summary(2, {{"cpu", 2}}, 6.5, 0), summary(0, json::object(), 6.0, 0), {});
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(row(c, "placements.failed").verdict, Verdict::kBetter);
  EXPECT_EQ(row(c, "placements.failed_by_reason.cpu").verdict, Verdict::kBetter);
  EXPECT_EQ(row(c, "discovery_latency_s.redis.p99").verdict, Verdict::kBetter);
}

TEST(Compare, ToleranceAbsoluteRelativeAndGlob) {
  const auto base = summary(10, {{"cpu", 10}}, 10.0, 0);
  const auto cand = summary(12, {{"cpu", 12}}, 10.5, 0);
  const auto c =
      compare(base, cand,
              {Tolerance::parse("placements.failed=2"), Tolerance::parse("placements.*=10%"),
               Tolerance::parse("discovery_latency_s.*.p99=5%")});
  EXPECT_EQ(row(c, "placements.failed").verdict, Verdict::kWithin);  // +2 <= 2 (exact name)
  EXPECT_EQ(row(c, "placements.failed_by_reason.cpu").verdict, Verdict::kWorse);  // +2 > 1
  EXPECT_DOUBLE_EQ(row(c, "placements.failed_by_reason.cpu").allowed, 1.0);
  EXPECT_EQ(row(c, "discovery_latency_s.redis.p99").verdict, Verdict::kWithin);  // 0.5 <= 0.5
  EXPECT_EQ(c.failed_metrics(), std::vector<std::string>{"placements.failed_by_reason.cpu"});
}

TEST(Compare, LostQuantilesAreMissingNewOnesAreNot) {
  json base = summary(0, json::object(), 6.5, 0);
  json cand = base;
  cand["discovery_latency_s"].erase("redis");
  cand["stale_s"]["redis"] = {{"count", 1}, {"p50", 30}, {"p90", 30}, {"p99", 30}, {"max", 30}};
  const auto c = compare(base, cand, {});
  EXPECT_EQ(row(c, "discovery_latency_s.redis.p50").verdict, Verdict::kMissing);
  EXPECT_EQ(row(c, "stale_s.redis.max").verdict, Verdict::kNew);
  EXPECT_FALSE(c.passed());
}

TEST(Compare, FailedRequestsAnywhereAreJudged) {
  json base = summary(0, json::object(), 6.5, 0);
  json cand = base;
  base["failed_requests"] = {{"app", 4}};
  cand["failed_requests"] = {{"app", 9}};
  const auto c = compare(base, cand, {});
  EXPECT_EQ(row(c, "failed_requests.app").verdict, Verdict::kWorse);
}

TEST(Compare, ToleranceSyntax) {
  const auto t = Tolerance::parse("placements.failed_by_reason.network: collision http=8080=3");
  EXPECT_EQ(t.pattern, "placements.failed_by_reason.network: collision http=8080");
  EXPECT_EQ(t.value, 3);
  EXPECT_TRUE(Tolerance::parse("x=12.5%").relative);
  EXPECT_THROW(Tolerance::parse("placements.failed"), std::invalid_argument);
  EXPECT_THROW(Tolerance::parse("placements.failed=-1"), std::invalid_argument);
  EXPECT_THROW(Tolerance::parse("placements.failed=lots"), std::invalid_argument);
}

TEST(Compare, TableNamesTheMetricAndTheVerdict) {
  const auto c = compare(summary(2, {{"cpu", 2}}, 6.5, 0), summary(3, {{"cpu", 3}}, 6.5, 0),
                         {Tolerance::parse("nothing.matches=1")});
  std::ostringstream out;
  print_comparison(c, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("metric"), std::string::npos);
  EXPECT_NE(
      text.find(
          "metric                           baseline  candidate  delta  tolerance  verdict\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "\nplacements.failed                       2          3     +1          0  WORSE\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("note: tolerance nothing.matches matches no metric"), std::string::npos);
  EXPECT_NE(text.find("FAILED: 2 of 6 metrics worse beyond tolerance: placements.failed, "
                      "placements.failed_by_reason.cpu"),
            std::string::npos)
      << text;
}

TEST(FlattenSummary, DottedNamesInKeyOrder) {
  const auto flat = flatten_summary(json{{"b", {{"y", 2}, {"x", 1}}}, {"a", "s"}});
  ASSERT_EQ(flat.size(), 3u);
  EXPECT_EQ(flat[0].first, "a");
  EXPECT_EQ(flat[1].first, "b.x");
  EXPECT_EQ(flat[2].first, "b.y");
  EXPECT_EQ(flat[2].second, 2);
}

}  // namespace
}  // namespace portolan::analysis
