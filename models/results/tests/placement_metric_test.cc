// TopScores keeps the five best nodes in Nomad's order; RetainedScores gives back exactly the
// doubles it was given (the results files print them shortest-round-trip, so any lost bit
// would change placement_metrics.jsonl).
#include "models/results/placement_metric.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/results/retained_scores.h"

namespace portolan::models {
namespace {

NodeScoreMeta meta(int node, double norm, double binpack, double anti) {
  NodeScoreMeta m;
  m.node = node;
  m.norm_score = norm;
  m.set(Scorer::kBinpack, binpack);
  m.set(Scorer::kJobAntiAffinity, anti);
  return m;
}

std::vector<NodeScoreMeta> decoded(const RetainedScores& store, ScoreSpan span) {
  std::vector<NodeScoreMeta> out;
  store.for_each(span, [&](const NodeScoreMeta& m) { out.push_back(m); });
  return out;
}

TEST(TopScores, KeepsTheFiveBestAndTheFirstOfEqualScores) {
  TopScores top;
  for (int n = 0; n < 8; ++n) top.add(meta(n, n % 4 == 0 ? 0.5 : 0.1 * n, 0, 0));
  // Scores by node: 0.5, 0.1, 0.2, 0.3, 0.5, 0.5, 0.6, 0.7.
  ASSERT_EQ(top.size(), 5u);
  const std::vector<int> expected = {7, 6, 0, 4, 5};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(top[i].node, expected[i]) << i;
}

TEST(RetainedScores, DecodesTheSameBitsAndScorersAsGiven) {
  TopScores top;
  top.add(meta(12, 0.75, 0.75, 0.0));   // +0.0 is not stored but comes back present
  top.add(meta(-1, 0.25, -0.0, -0.5));  // -0.0 keeps its sign bit
  NodeScoreMeta spread = meta(6100, 0.5, 0.1, 0.2);
  spread.set(Scorer::kAllocationSpread, 1e-300);
  top.add(spread);
  RetainedScores store;
  const ScoreSpan before = store.add(top);  // a span before and after: each decodes alone
  const ScoreSpan span = store.add(top);
  EXPECT_EQ(span.offset, before.words);
  // Words: node 12: head, norm, binpack (anti is +0.0); node -1: head, norm, -0.0, -0.5;
  // node 6100: head, norm, three scores.
  EXPECT_EQ(span.words, 3u + 4u + 5u);
  EXPECT_EQ(decoded(store, before).size(), 3u);
  const auto out = decoded(store, span);
  ASSERT_EQ(out.size(), 3u);
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].node, top[i].node);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(out[i].norm_score),
              std::bit_cast<std::uint64_t>(top[i].norm_score));
    for (std::size_t s = 0; s < kScorerCount; ++s) {
      const auto want = top[i].get(static_cast<Scorer>(s));
      const auto got = out[i].get(static_cast<Scorer>(s));
      ASSERT_EQ(want.has_value(), got.has_value()) << i << " " << s;
      if (want) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(*want), std::bit_cast<std::uint64_t>(*got))
            << i << " " << s;
      }
    }
  }
  EXPECT_TRUE(std::signbit(*out[2].get(Scorer::kBinpack)));
  EXPECT_FALSE(out[1].get(Scorer::kNodeAffinity).has_value());
}

TEST(RetainedScores, StartsAChunkRatherThanSplitASpan) {
  TopScores top;
  for (int n = 0; n < 5; ++n) top.add(meta(n, 0.5 + n, 0.25, 0.125));  // 4 words each
  RetainedScores store;
  std::vector<ScoreSpan> spans;
  // 20 words a span: the 3277th would cross the first 65,536-word chunk (3276 * 20 = 65,520).
  for (int i = 0; i < 3300; ++i) spans.push_back(store.add(top));
  EXPECT_EQ(spans[3275].offset, 3275u * 20u);
  EXPECT_EQ(spans[3276].offset, 65536u);
  EXPECT_EQ(store.heap_bytes(), 2u * 65536u * 8u);
  for (const ScoreSpan& s : {spans[0], spans[3275], spans[3276], spans[3299]}) {
    const auto out = decoded(store, s);
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(out[0].node, 4);
    EXPECT_EQ(out[4].norm_score, 0.5);
  }
  EXPECT_TRUE(store.add(TopScores{}).empty());
  EXPECT_TRUE(decoded(store, ScoreSpan{}).empty());
}

TEST(PlacementMetric, ACopyHoldsItsOwnRejections) {
  PlacementMetric a;
  a.exhaust("big", "memory");
  PlacementMetric b = a;
  b.filter("", "missing drivers", FilterStage::kDriver);
  EXPECT_EQ(a.constraint_filtered().size(), 0u);
  EXPECT_EQ(b.constraint_filtered().at("missing drivers"), 1);
  EXPECT_EQ(b.dimension_exhausted().at("memory"), 1);
  EXPECT_EQ(b.blocking_reason(), "memory");
  EXPECT_EQ(PlacementMetric{}.blocking_reason(), "No nodes were eligible for evaluation");
}

}  // namespace
}  // namespace portolan::models
