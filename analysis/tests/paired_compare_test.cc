// compare_paired: pairing by seed, the interval verdicts against tolerances, metrics on one
// side only, and the single-run path left as it was.
#include "analysis/paired_compare.h"

#include <gtest/gtest.h>

#include <sstream>

namespace portolan::analysis {
namespace {

using nlohmann::json;

json run(int seed, int failed, json by_reason = json::object(), json stale = json::object()) {
  return {
      {"seed", seed},
      {"placements", {{"failed", failed}, {"failed_by_reason", by_reason}}},
      {"discovery_latency_s",
       {{"redis",
         {{"template", {{"count", 2}, {"p50", 5.0 + seed}, {"p90", 6}, {"p99", 7}, {"max", 7}}}}}}},
      {"stale_s", stale},
      {"wall_s", seed * 0.1}};
}

const MetricComparison& row(const Comparison& c, const std::string& metric) {
  for (const auto& r : c.rows) {
    if (r.metric == metric) return r;
  }
  throw std::runtime_error("no row " + metric);
}

std::vector<json> runs(const std::vector<int>& failed, int first_seed = 1) {
  std::vector<json> out;
  for (std::size_t i = 0; i < failed.size(); ++i) {
    out.push_back(run(first_seed + static_cast<int>(i), failed[i]));
  }
  return out;
}

TEST(PairedCompare, IdenticalSetsAreSameWithAPointInterval) {
  const auto c = compare_paired(runs({1, 2, 3}), runs({1, 2, 3}), {});
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.seeds, (std::vector<std::uint64_t>{1, 2, 3}));
  const auto& f = row(c, "placements.failed");
  EXPECT_EQ(f.n, 3);
  EXPECT_EQ(*f.diff, 0);
  EXPECT_EQ(*f.ci_low, 0);
  EXPECT_EQ(*f.ci_high, 0);
  EXPECT_EQ(f.verdict, Verdict::kSame);
}

TEST(PairedCompare, WorseOnlyWhenTheWholeIntervalExceedsTheTolerance) {
  // Differences 2, 3, 4: mean 3, s = 1, half-width t(0.975, 2) / sqrt(3) = 2.484: [0.516, 5.48].
  const auto base = runs({0, 0, 0});
  const auto cand = runs({2, 3, 4});
  const auto worse = row(compare_paired(base, cand, {}), "placements.failed");
  EXPECT_EQ(worse.verdict, Verdict::kWorse);
  EXPECT_NEAR(*worse.ci_low, 3 - 4.302653 / std::sqrt(3.0), 1e-5);
  EXPECT_NEAR(*worse.ci_high, 3 + 4.302653 / std::sqrt(3.0), 1e-5);
  EXPECT_EQ(*worse.baseline, 0);
  EXPECT_EQ(*worse.candidate, 3);
  // An allowance of 0.6 reaches into the interval: same; and the other way round, better.
  EXPECT_EQ(row(compare_paired(base, cand, {Tolerance::parse("placements.failed=0.6")}),
                "placements.failed")
                .verdict,
            Verdict::kSame);
  EXPECT_EQ(row(compare_paired(cand, base, {}), "placements.failed").verdict, Verdict::kBetter);
  // Noisy differences straddling zero: same.
  EXPECT_EQ(
      row(compare_paired(runs({1, 1, 1, 1}), runs({0, 3, 1, 0}), {}), "placements.failed").verdict,
      Verdict::kSame);
}

TEST(PairedCompare, RelativeToleranceIsAShareOfTheBaselineMean) {
  const auto c = compare_paired(runs({10, 10, 10}), runs({11, 11, 11}),
                                {Tolerance::parse("placements.*=10%")});
  EXPECT_DOUBLE_EQ(row(c, "placements.failed").allowed, 1.0);
  EXPECT_EQ(row(c, "placements.failed").verdict, Verdict::kSame);  // [1, 1] is not above 1
}

TEST(PairedCompare, UnpairedSeedsAreBadInputNamingTheSeed) {
  try {
    compare_paired(runs({0, 0}, 1), runs({0, 0}, 2), {});
    FAIL() << "no error";
  } catch (const PairingError& e) {
    EXPECT_STREQ(e.what(), "seed 1 is in the baseline only (both sides must run the same seeds)");
  }
  EXPECT_THROW(compare_paired(runs({0, 0}), {run(1, 0), run(1, 0)}, {}), PairingError);
  EXPECT_THROW(compare_paired({json{{"placements", json::object()}}}, runs({0}), {}), PairingError);
}

TEST(PairedCompare, ANewFailureReasonIsWorseEvenInOneSeed) {
  auto cand = runs({0, 0, 0});
  cand[1] = run(2, 1, {{"cpu", 1}});
  const auto c = compare_paired(runs({0, 0, 0}), cand, {});
  EXPECT_EQ(row(c, "placements.failed_by_reason.cpu").verdict, Verdict::kNewWorse);
  EXPECT_EQ(verdict_name(Verdict::kNewWorse), "NEW");
  // Its interval alone would not say so: [-0.43, 1.1] holds 0.
  EXPECT_EQ(row(c, "placements.failed").verdict, Verdict::kSame);
  EXPECT_FALSE(c.passed());
  // A tolerance at least its largest value lets it through.
  EXPECT_TRUE(compare_paired(runs({0, 0, 0}), cand, {Tolerance::parse("placements.*=1")}).passed());
}

TEST(PairedCompare, StaleTimeAbsentIsZeroDiscoveryAbsentIsUnobserved) {
  const json stale = {
      {"redis",
       {{"template", {{"count", 1}, {"p50", 20}, {"p90", 20}, {"p99", 20}, {"max", 20}}}}}};
  std::vector<json> base = runs({0, 0, 0}), cand = runs({0, 0, 0});
  for (int i = 0; i < 3; ++i) cand[static_cast<std::size_t>(i)] = run(i + 1, 0, {}, stale);
  // New stale windows: NEW, failing. Stale windows gone: better, not MISSING.
  EXPECT_EQ(row(compare_paired(base, cand, {}), "stale_s.redis.template.p99").verdict,
            Verdict::kNewWorse);
  EXPECT_EQ(row(compare_paired(cand, base, {}), "stale_s.redis.template.p99").verdict,
            Verdict::kBetter);
  // A discovery quantile one seed's candidate lost: MISSING; only the candidate has: new.
  auto lost = runs({0, 0, 0});
  lost[2]["discovery_latency_s"] = json::object();
  const auto c = compare_paired(runs({0, 0, 0}), lost, {});
  EXPECT_EQ(row(c, "discovery_latency_s.redis.template.p50").verdict, Verdict::kMissing);
  EXPECT_EQ(row(c, "discovery_latency_s.redis.template.p50").n, 2);
  auto none = runs({0, 0, 0});
  for (auto& r : none) r["discovery_latency_s"] = json::object();
  const auto appeared = compare_paired(none, runs({0, 0, 0}), {});
  EXPECT_EQ(row(appeared, "discovery_latency_s.redis.template.p50").verdict, Verdict::kNew);
  EXPECT_TRUE(appeared.passed());
}

TEST(PairedCompare, FlatSummariesAsSweepsGiveThemCompareTheSame) {
  std::vector<json> flat;
  for (const auto& r : runs({0, 1, 2})) {
    json f = json::object();
    for (const auto& [name, value] : flatten_summary(r)) f[name] = value;
    flat.push_back(f);
  }
  const auto nested = compare_paired(runs({0, 0, 0}), runs({0, 1, 2}), {});
  const auto mixed = compare_paired(runs({0, 0, 0}), flat, {});
  ASSERT_EQ(nested.rows.size(), mixed.rows.size());
  for (std::size_t i = 0; i < nested.rows.size(); ++i) {
    EXPECT_EQ(nested.rows[i].metric, mixed.rows[i].metric);
    EXPECT_EQ(nested.rows[i].verdict, mixed.rows[i].verdict);
    EXPECT_EQ(nested.rows[i].diff, mixed.rows[i].diff);
  }
}

TEST(PairedCompare, TwoSingleRunsCompareAsBefore) {
  const auto c = compare_runs(RunSet{{run(1, 2)}, false}, RunSet{{run(5, 3)}, false}, {});
  EXPECT_FALSE(c.paired());  // no pairing by seed: seeds 1 and 5 compare as they always did
  EXPECT_EQ(row(c, "placements.failed").verdict, Verdict::kWorse);
  EXPECT_EQ(row(c, "placements.failed").n, 1);
  // A set of one replication pairs by seed, with no interval.
  EXPECT_THROW(compare_runs(RunSet{{run(1, 2)}, true}, RunSet{{run(5, 3)}, false}, {}),
               PairingError);
}

TEST(PairedCompare, TableNamesTheMethodTheIntervalAndTheVerdict) {
  const auto c = compare_paired(runs({0, 0, 0}), runs({2, 3, 4}), {});
  std::ostringstream out;
  print_comparison(c, out);
  const std::string text = out.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "paired over 3 seeds (1, 2, 3); diff: mean of candidate - baseline per seed, with "
            "its 95% Student's t interval");
  EXPECT_NE(text.find("metric                                  n  baseline  candidate"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("placements.failed                       3         0          3  "
                      "+3 [+0.515862, +5.48414]          0  WORSE\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("FAILED: 1 of "), std::string::npos);
}

}  // namespace
}  // namespace portolan::analysis
