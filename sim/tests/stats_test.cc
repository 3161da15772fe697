#include "sim/stats.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/rng.h"

namespace portolan::sim {
namespace {

TEST(SampleStats, EmptySampleIsZero) {
  SampleStats s;
  EXPECT_EQ(s.count(), 0u);
  EXPECT_EQ(s.quantile(0.5), 0.0);
  EXPECT_EQ(s.mean(), 0.0);
}

TEST(SampleStats, ExactQuantilesInterpolateLinearlyAsNumpyDoes) {
  SampleStats s;
  for (const double x : {4.0, 1.0, 3.0, 2.0}) s.add(x);
  EXPECT_DOUBLE_EQ(s.quantile(0.5), 2.5);    // numpy.quantile([1,2,3,4], 0.5)
  EXPECT_DOUBLE_EQ(s.quantile(0.9), 3.7);    // rank 2.7
  EXPECT_DOUBLE_EQ(s.quantile(0.99), 3.97);  // rank 2.97
  EXPECT_DOUBLE_EQ(s.quantile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(s.quantile(1.0), 4.0);
  EXPECT_DOUBLE_EQ(s.mean(), 2.5);
  EXPECT_EQ(s.min(), 1.0);
  EXPECT_EQ(s.max(), 4.0);
  s.add(10.0);  // adding after a quantile keeps it exact
  EXPECT_DOUBLE_EQ(s.quantile(0.5), 3.0);
}

TEST(SampleStats, SingleValue) {
  SampleStats s;
  s.add(7.25);
  EXPECT_DOUBLE_EQ(s.quantile(0.99), 7.25);
}

TEST(SampleStats, LargeSamplesStayWithinOnePercent) {
  // Exp(1): the q-quantile is -ln(1 - q).
  SampleStats s;
  Rng rng(11);
  const int n = 400000;
  for (int i = 0; i < n; ++i) s.add(rng.exponential(1.0));
  EXPECT_FALSE(s.exact());
  EXPECT_EQ(s.count(), static_cast<std::uint64_t>(n));
  for (const double q : {0.5, 0.9, 0.99}) {
    const double truth = -std::log(1 - q);
    // 1% from the bucket, plus sampling error of the empirical quantile (a few 0.1%).
    EXPECT_NEAR(s.quantile(q), truth, truth * 0.02) << "q=" << q;
  }
  EXPECT_NEAR(s.mean(), 1.0, 0.01);
}

TEST(SampleStats, HistogramQuantileIsWithinABucketOfTheExactOne) {
  SampleStats exact;
  SampleStats spilled;
  for (int i = 1; i <= 1000; ++i) exact.add(i * 0.5);
  for (int rep = 0; rep <= static_cast<int>(SampleStats::kExactLimit / 1000); ++rep) {
    for (int i = 1; i <= 1000; ++i) spilled.add(i * 0.5);
  }
  ASSERT_FALSE(spilled.exact());
  for (const double q : {0.1, 0.5, 0.9, 0.99}) {
    EXPECT_NEAR(spilled.quantile(q), exact.quantile(q), exact.quantile(q) * 0.011) << q;
  }
}

}  // namespace
}  // namespace portolan::sim
