#include "sim/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace portolan::sim {
namespace {

std::vector<std::uint64_t> draw(Rng rng, int n) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(rng.next());
  return v;
}

TEST(RngStreams, SameSeedAndNameGiveTheSameSequence) {
  EXPECT_EQ(draw(RngStreams(42).stream("scheduler"), 50),
            draw(RngStreams(42).stream("scheduler"), 50));
}

TEST(RngStreams, NamesAndSeedsGiveDifferentSequences) {
  const RngStreams streams(42);
  EXPECT_NE(draw(streams.stream("scheduler"), 5), draw(streams.stream("liveness"), 5));
  EXPECT_NE(draw(RngStreams(42).stream("a"), 5), draw(RngStreams(43).stream("a"), 5));
}

TEST(RngStreams, AStreamDoesNotDependOnOtherStreams) {
  const RngStreams streams(7);
  Rng other = streams.stream("consumers");
  for (int i = 0; i < 1000; ++i) other.next();
  EXPECT_EQ(draw(streams.stream("placement"), 10), draw(RngStreams(7).stream("placement"), 10));
}

TEST(Rng, BelowStaysInRangeAndIsRoughlyUniform) {
  Rng rng(1);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const auto v = rng.below(10);
    ASSERT_LT(v, 10u);
    ++counts[v];
  }
  for (const int c : counts) EXPECT_NEAR(c, 10000, 500);  // > 5 sigma
  for (int i = 0; i < 1000; ++i) {
    const auto v = rng.uniform_int(20000, 20009);
    ASSERT_GE(v, 20000);
    ASSERT_LE(v, 20009);
  }
}

TEST(Rng, ExponentialHasItsMean) {
  Rng rng(3);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) sum += rng.exponential(2.5);
  EXPECT_NEAR(sum / n, 2.5, 0.03);  // standard error 2.5 / sqrt(n) = 0.0056
}

TEST(Rng, Uniform01IsInTheHalfOpenUnitInterval) {
  Rng rng(9);
  for (int i = 0; i < 10000; ++i) {
    const double u = rng.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

}  // namespace
}  // namespace portolan::sim
