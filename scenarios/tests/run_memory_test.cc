// The run's memory estimate: its counts and its price, hand-computed.
#include "scenarios/run_memory.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"

namespace portolan::scenario {
namespace {

TEST(RunMemory, CountsAllocationsNodesAndSamples) {
  const LoadedScenario loaded = parse_text(R"txt(
cluster { pools { name: "web" count: 10 } pools { name: "db" count: 5 } }
jobs { name: "a" groups { name: "g" count: 4 tasks { name: "t" } } }
jobs { name: "s" type: "system" groups { name: "g" tasks { name: "t" } } }
timeline { at: "1m" add_nodes { pool: "web" count: 5 } }
timeline { at: "2m" scale_group { job: "a" group: "g" count: 30 } }
timeline { at: "3m" scale_group { job: "a" group: "g" count: 7 } }
run { horizon: "1h" sample_interval: "10s" }
)txt",
                                           "m.textproto");
  const RunMemoryEstimate e = estimate_run_memory(loaded.scenario);
  EXPECT_EQ(e.nodes, 20);             // 10 + 5 + 5 added
  EXPECT_EQ(e.allocations, 30 + 20);  // the largest count; the system job on every node
  EXPECT_EQ(e.samples, 361);          // 3600 s / 10 s, plus t = 0
  EXPECT_EQ(e.series, 3);             // two jobs and the cluster
  // 16 MiB + 50 x 1.5 KiB + 20 x 10 KiB + 361 x 3 x 150 bytes
  EXPECT_DOUBLE_EQ(e.bytes, 16777216.0 + 76800.0 + 204800.0 + 162450.0);
  EXPECT_EQ(format_memory_size(e.bytes), "16.4 MiB");  // 17,221,266 bytes / 2^20 = 16.42
}

TEST(RunMemory, ASampleEveryNanosecondDoesNotOverflow) {
  const LoadedScenario loaded =
      parse_text("run { horizon: \"10000h\" sample_interval: \"1ns\" }", "m.textproto");
  const RunMemoryEstimate e = estimate_run_memory(loaded.scenario);
  EXPECT_EQ(e.samples, 36'000'000'000'000'001);
  EXPECT_GT(e.bytes, 5e18);
}

TEST(RunMemory, SizesParseWithBinaryAndDecimalUnits) {
  EXPECT_EQ(parse_memory_size("4GiB"), 4.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("512MiB"), 512.0 * 1024 * 1024);
  EXPECT_EQ(parse_memory_size("2GB"), 2e9);
  EXPECT_EQ(parse_memory_size("1.5KiB"), 1536.0);
  EXPECT_EQ(parse_memory_size("1000000"), 1e6);
  for (const char* bad : {"", "lots", "0", "4 GiB", "4gib", "-1GiB", "1e3", "9EiB"}) {
    EXPECT_FALSE(parse_memory_size(bad)) << bad;
  }
}

}  // namespace
}  // namespace portolan::scenario
