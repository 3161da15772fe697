// The placement policies compared through the engine, on whole scenarios: "optimal" (a batch
// min-cost-flow assignment) never fails more placements than Nomad's binpack and fails fewer
// where binpack strands capacity.
#include <gtest/gtest.h>

#include <string>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"

namespace portolan::models {
namespace {

RunResult run(const std::string& file, const std::string& algorithm, std::uint64_t seed) {
  auto loaded = scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + "/" + file);
  scenario::set_field(&loaded.scenario, "cluster.scheduler.algorithm", algorithm);
  RunOptions options;
  options.seed = seed;
  return run_model(build_model(loaded.scenario), options);
}

int failures(const RunResult& r) {
  int n = 0;
  for (const auto& p : r.placements) n += p.placed ? 0 : 1;
  return n;
}

TEST(PolicyComparison, OptimalPlacesWhatBinpackStrands) {
  const RunResult binpack = run("scenarios/examples/binpack_strands.textproto", "binpack", 1);
  const RunResult optimal = run("scenarios/examples/binpack_strands.textproto", "optimal", 1);
  ASSERT_EQ(binpack.placements.size(), 3u);
  EXPECT_EQ(failures(binpack), 1);
  EXPECT_EQ(binpack.placements[2].reason, "cpu");
  EXPECT_EQ(binpack.placements[0].node, "small-0");  // the 600 MHz ask fills the small node
  EXPECT_EQ(failures(optimal), 0);
  EXPECT_EQ(optimal.placements[0].node, "big-0");
}

TEST(PolicyComparison, OptimalNeverFailsMoreThanBinpackOnTheBundledScenarios) {
  for (const std::string file :
       {"scenarios/examples/capacity.textproto", "scenarios/examples/node_failure.textproto",
        "scenarios/seed/1_expose_static.textproto", "scenarios/seed/2_same_group.textproto",
        "scenarios/seed/5_ingress.textproto"}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      EXPECT_LE(failures(run(file, "optimal", seed)), failures(run(file, "binpack", seed)))
          << file << " seed " << seed;
    }
  }
}

}  // namespace
}  // namespace portolan::models
