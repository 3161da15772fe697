#include "scenarios/duration.h"

#include <gtest/gtest.h>

#include <string>

namespace portolan::scenario {
namespace {

TEST(Duration, ParsesGoSyntax) {
  EXPECT_EQ(parse_duration("0"), 0);
  EXPECT_EQ(parse_duration("30s"), 30'000'000'000);
  EXPECT_EQ(parse_duration("250ms"), 250'000'000);
  EXPECT_EQ(parse_duration("1h30m"), 5'400'000'000'000);
  EXPECT_EQ(parse_duration("1.5s"), 1'500'000'000);
  EXPECT_EQ(parse_duration("100us"), 100'000);
  EXPECT_EQ(parse_duration("7ns"), 7);
}

TEST(Duration, RejectsWhatGoRejects) {
  for (const char* bad : {"", "30", "s", "1x", "-5s", "1..5s", "5 s"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

// Issue 14: a number of 400 digits aborted `validate` and `run` (std::out_of_range from
// std::stod); it is simply not a duration.
TEST(Duration, AHugeNumberIsNotADurationNorACrash) {
  EXPECT_EQ(parse_duration("1" + std::string(400, '0') + "s"), std::nullopt);
  EXPECT_EQ(parse_duration("2555555555555h"), std::nullopt);  // past int64 nanoseconds
  EXPECT_EQ(parse_duration("9999999999999999999999ns"), std::nullopt);
  EXPECT_EQ(parse_duration("2500000h"), std::int64_t{2500000} * 3'600'000'000'000);
}

TEST(Duration, FormatsShortest) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(90'000'000'000), "1m30s");
  EXPECT_EQ(format_duration(250'000'000), "250ms");
  EXPECT_EQ(format_duration(3'600'000'000'000), "1h");
  EXPECT_EQ(format_duration(1'500'000'000), "1.5s");
}

}  // namespace
}  // namespace portolan::scenario
