// t_interval: Student's t quantiles against the published table, and the interval of a mean.
#include "analysis/t_interval.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace portolan::analysis {
namespace {

// NIST/SEMATECH e-Handbook 1.3.6.7.2, "Critical values of the Student's t distribution",
// upper tail 0.025: 12.706 (1 dof), 4.303 (2), 2.776 (4), 2.262 (9), 2.086 (20), 1.984 (100).
TEST(StudentT, QuantilesMatchTheTable) {
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.706, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.303, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.776, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.262, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 20), 2.086, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 100), 1.984, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 9), 1.833, 5e-4);  // upper tail 0.05
  EXPECT_NEAR(student_t_quantile(0.025, 9), -2.262, 5e-4);
  EXPECT_EQ(student_t_quantile(0.5, 3), 0);
  EXPECT_NEAR(student_t_quantile(0.975, 100000), 1.95996, 1e-4);  // the normal's
  EXPECT_THROW(student_t_quantile(1, 3), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(0.9, 0), std::invalid_argument);
}

TEST(TInterval, MeanPlusMinusTTimesStandardError) {
  // 1..10: mean 5.5, s = 3.02765, s / sqrt(10) = 0.957427; t(0.975, 9) = 2.262157.
  const auto ci = t_interval({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  EXPECT_EQ(ci.n, 10);
  EXPECT_DOUBLE_EQ(ci.mean, 5.5);
  EXPECT_NEAR(ci.sd, 3.0276504, 1e-6);
  EXPECT_NEAR(ci.low, 5.5 - 2.2621572 * 0.9574271, 1e-6);
  EXPECT_NEAR(ci.high, 5.5 + 2.2621572 * 0.9574271, 1e-6);
}

TEST(TInterval, NoSpreadIsAPoint) {
  const auto ci = t_interval({3, 3, 3});
  EXPECT_EQ(ci.low, 3);
  EXPECT_EQ(ci.high, 3);
  EXPECT_THROW(t_interval({1}), std::invalid_argument);
}

}  // namespace
}  // namespace portolan::analysis
