// Node sampling (scheduler/feasible stack.go, select.go, feasible.go), pinned with the numbers
// of Nomad's own tests (select_test.go) and hand-computed cases.
#include "models/feasible/node_sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <span>
#include <vector>

namespace portolan::models {
namespace {

TEST(Sampling, ServiceLimitIsCeilLog2WithAFloorOfTwo) {
  EXPECT_EQ(base_sampling_limit(0, false), 2);
  EXPECT_EQ(base_sampling_limit(1, false), 2);      // log2(1) = 0
  EXPECT_EQ(base_sampling_limit(2, false), 2);      // 1
  EXPECT_EQ(base_sampling_limit(5, false), 3);      // 2.32
  EXPECT_EQ(base_sampling_limit(100, false), 7);    // 6.64
  EXPECT_EQ(base_sampling_limit(1000, false), 10);  // 9.97
  EXPECT_EQ(base_sampling_limit(1024, false), 10);  // exactly 10
  EXPECT_EQ(base_sampling_limit(1025, false), 11);
  EXPECT_EQ(base_sampling_limit(10000, false), 14);  // 13.29
  EXPECT_EQ(base_sampling_limit(6100, false), 13);   // 12.57
}

TEST(Sampling, BatchLimitIsTwo) {
  for (const std::size_t n : {1u, 2u, 100u, 1000u, 10000u}) {
    EXPECT_EQ(base_sampling_limit(n, true), 2) << n;
  }
}

TEST(Sampling, AffinitiesAndSpreadsRaiseTheLimit) {
  // Without affinities or spreads the limit is untouched.
  EXPECT_EQ(select_sampling_limit(10, false, 500), 10);
  // With them: max(count, 100) by default, max(count, configured) otherwise.
  EXPECT_EQ(select_sampling_limit(10, true, 3), 100);
  EXPECT_EQ(select_sampling_limit(2, true, 99), 100);
  EXPECT_EQ(select_sampling_limit(10, true, 100), 100);
  EXPECT_EQ(select_sampling_limit(10, true, 500), 500);
  EXPECT_EQ(select_sampling_limit(10, true, 3, 42), 42);
  for (const std::size_t n : {1u, 2u, 100u, 1000u, 10000u}) {
    SamplingLimit limit;
    limit.set_nodes(n, false);
    limit.select(true, 5);
    EXPECT_EQ(limit.limit(), 100) << n;
  }
}

TEST(Sampling, RaisedLimitSticksForLaterGroupsOfTheEvaluation) {
  SamplingLimit limit;
  limit.set_nodes(1000, false);
  EXPECT_EQ(limit.limit(), 10);
  limit.select(true, 3);  // a group with an affinity
  EXPECT_EQ(limit.limit(), 100);
  limit.select(false, 3);  // the next group has none: Nomad leaves the limit at 100
  EXPECT_EQ(limit.limit(), 100);
  limit.set_nodes(1000, false);
  EXPECT_EQ(limit.limit(), 10);
}

TEST(Sampling, StaticCursorContinuesWhereThePreviousPlacementStopped) {
  StaticCursor cursor(3);
  EXPECT_EQ(cursor.next(), 0u);
  EXPECT_EQ(cursor.next(), 1u);
  cursor.reset();  // next placement: three more, wrapping around
  EXPECT_EQ(cursor.next(), 2u);
  EXPECT_EQ(cursor.next(), 0u);
  EXPECT_EQ(cursor.next(), 1u);
  EXPECT_FALSE(cursor.next().has_value());
}

std::vector<RankedOption> collect(LimitIterator& limit, const RankSource& source) {
  std::vector<RankedOption> out;
  while (const auto o = limit.next(source)) out.push_back(*o);
  return out;
}

RankSource source_over(const std::vector<double>& scores, StaticCursor& cursor) {
  return [&scores, &cursor]() -> std::optional<RankedOption> {
    const auto i = cursor.next();
    if (!i) return std::nullopt;
    return RankedOption{*i, scores[*i]};
  };
}

TEST(Sampling, NomadLimitIterator) {
  // select_test.go TestLimitIterator: limit 2 over scores 1, 2, 3; after Reset the source
  // continues with the third node and wraps to the first.
  const std::vector<double> scores = {1, 2, 3};
  StaticCursor cursor(scores.size());
  const RankSource source = source_over(scores, cursor);
  LimitIterator limit(1, 0, 2);
  limit.set_limit(2);
  auto out = collect(limit, source);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].node, 0u);
  EXPECT_EQ(out[1].node, 1u);
  EXPECT_TRUE(collect(limit, source).empty());
  limit.reset();
  cursor.reset();
  out = collect(limit, source);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].node, 2u);
  EXPECT_EQ(out[1].node, 0u);
}

std::vector<double> limited(const std::vector<double>& scores) {
  // select_test.go TestLimitIterator_ScoreThreshold builds NewLimitIterator(ctx, static, 1,
  // 0, 2) then SetLimit(2): threshold 0, max skip 2.
  StaticCursor cursor(scores.size());
  LimitIterator limit(1, 0, 2);
  limit.set_limit(2);
  std::vector<double> out;
  for (const auto& o : collect(limit, source_over(scores, cursor))) out.push_back(o.final_score);
  return out;
}

TEST(Sampling, NomadLimitIteratorScoreThreshold) {
  using V = std::vector<double>;
  EXPECT_EQ(limited({-1, 2, 3}), (V{2, 3}));          // skips one low scoring node
  EXPECT_EQ(limited({-1, -2, 3, 4}), (V{3, 4}));      // skips maxSkip nodes
  EXPECT_EQ(limited({-1, -6, -3, -4}), (V{-3, -4}));  // maxSkip limit reached
  EXPECT_EQ(limited({-1, -6}), (V{-1, -6}));          // draws both from skipped
  EXPECT_EQ(limited({-1, 5}), (V{5, -1}));            // one above, one skipped
  EXPECT_EQ(limited({-1, 5, -2, 2}), (V{5, 2}));      // interspersed
  EXPECT_EQ(limited({-1}), (V{-1}));                  // only one node
  EXPECT_EQ(limited({-2, 1}), (V{1, -2}));            // more skips than nodes
  EXPECT_EQ(limited({0, 0.5}), (V{0.5, 0}));          // 0 is at the threshold
}

TEST(Sampling, NomadMaxScoreIteratorAndTies) {
  // select_test.go TestMaxScoreIterator: the best of 1, 2, 3 is the third.
  const std::vector<std::optional<double>> scores = {1, 2, 3};
  EXPECT_EQ(select_node(scores, 3).chosen, 2u);
  // Ties: the first seen wins.
  const std::vector<std::optional<double>> ties = {0.5, 0.7, 0.7, 0.1};
  EXPECT_EQ(select_node(ties, 4).chosen, 1u);
}

TEST(Sampling, SelectNodeScoresOnlyWhatTheLimitNeeds) {
  // Ten feasible nodes, limit 2: two are pulled, the better one chosen.
  std::vector<std::optional<double>> scores(10, 0.4);
  scores[1] = 0.6;
  Selection s = select_node(scores, 2);
  EXPECT_EQ(s.chosen, 1u);
  EXPECT_EQ(s.pulled, 2u);
  // Infeasible nodes are pulled but not counted against the limit.
  scores[0] = std::nullopt;
  s = select_node(scores, 2);
  EXPECT_EQ(s.chosen, 1u);
  EXPECT_EQ(s.pulled, 3u);
  // Three penalised nodes first (score <= 0) are set aside: five pulled, the limit is met by
  // the next two, and the best of those wins.
  std::vector<std::optional<double>> penalised = {-0.5, -0.2, 0.0, 0.3, 0.2, 0.9};
  s = select_node(penalised, 2);
  EXPECT_EQ(s.chosen, 3u);
  EXPECT_EQ(s.pulled, 5u);
  // No feasible node.
  const std::vector<std::optional<double>> none(4, std::nullopt);
  s = select_node(none, 2);
  EXPECT_FALSE(s.chosen.has_value());
  EXPECT_EQ(s.pulled, 4u);
}

TEST(Sampling, ShuffleIsADeterministicPermutation) {
  std::vector<int> a(50);
  std::iota(a.begin(), a.end(), 0);
  std::vector<int> b = a;
  sim::Rng r1(42);
  sim::Rng r2(42);
  shuffle_nodes(std::span<int>(a), r1);
  shuffle_nodes(std::span<int>(b), r2);
  EXPECT_EQ(a, b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> identity(50);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(sorted, identity);
  EXPECT_NE(a, identity);
}

}  // namespace
}  // namespace portolan::models
