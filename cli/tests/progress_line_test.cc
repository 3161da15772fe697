// The progress line's text, and that a disabled line writes nothing.
#include "cli/progress_line.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace portolan::cli {
namespace {

TEST(ProgressLine, OneRun) {
  // 750 s of 3600 s (20.8%) in 50 wall seconds, 62 M events: 1.24 M/s; the remaining 2850 s of
  // simulated time at 15 simulated seconds per wall second take 190 s.
  EXPECT_EQ(ProgressLine::format(750 * sim::kSecond, 3600 * sim::kSecond, 62'000'000, 50.0, 0, 1),
            "simulating: 12m30s / 1h (20.8%), 1.24 M events/s, ETA 3m10s");
}

TEST(ProgressLine, Replications) {
  // 8 runs of 1 h: 8 h in all; 2h05m done (26.0%) in 100 s: 5h55m left at 75 per second = 284 s.
  EXPECT_EQ(
      ProgressLine::format(7500 * sim::kSecond, 8 * 3600 * sim::kSecond, 210'000'000, 100.0, 3, 8),
      "simulating 3/8 replications: 2h5m / 8h (26.0%), 2.10 M events/s, ETA 4m44s");
}

TEST(ProgressLine, SlowerRatesInThousandsOrUnits) {
  // 30 s of 600 s (5.0%) in 2 s: 2 s x 95 / 5 = 38 s to go; 41,000 events in 2 s = 20.5 k/s.
  EXPECT_EQ(ProgressLine::format(30 * sim::kSecond, 600 * sim::kSecond, 41'000, 2.0, 0, 1),
            "simulating: 30s / 10m (5.0%), 20.5 k events/s, ETA 38s");
  EXPECT_EQ(ProgressLine::format(30 * sim::kSecond, 600 * sim::kSecond, 900, 2.0, 0, 1),
            "simulating: 30s / 10m (5.0%), 450 events/s, ETA 38s");
}

TEST(ProgressLine, AtTheStartNoRateAndNoEta) {
  EXPECT_EQ(ProgressLine::format(0, 600 * sim::kSecond, 0, 0.0, 0, 1),
            "simulating: 0s / 10m (0.0%), ETA --");
}

TEST(ProgressLine, DisabledWritesNothingAndEnabledClearsAtTheEnd) {
  char buffer[256] = {};
  {
    std::FILE* out = fmemopen(buffer, sizeof buffer, "w");
    {
      ProgressLine line(out, false, 1, 600 * sim::kSecond);
      line.update(0, {.now = 0, .horizon = 600 * sim::kSecond, .events = 5});
      line.run_done(0);
    }
    std::fclose(out);
  }
  EXPECT_STREQ(buffer, "");
  {
    std::FILE* out = fmemopen(buffer, sizeof buffer, "w");
    {
      ProgressLine line(out, true, 1, 600 * sim::kSecond);
      line.update(0, {.now = 0, .horizon = 600 * sim::kSecond, .events = 0});  // drawn at once
      line.update(0, {.now = 60 * sim::kSecond, .horizon = 600 * sim::kSecond, .events = 9});
      // (the second update comes within 250 ms of the first: not drawn)
    }  // destroyed: erased
    std::fclose(out);
  }
  EXPECT_STREQ(buffer, "\rsimulating: 0s / 10m (0.0%), ETA --\033[K\r\033[K");
}

}  // namespace
}  // namespace portolan::cli
