// run_suite: results do not depend on the number of threads; bad input names the file.
#include "analysis/regress_suite.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "analysis/report_html.h"
#include "analysis/report_markdown.h"

namespace portolan::analysis {
namespace {

namespace fs = std::filesystem;

const fs::path kSeed = fs::path(PORTOLAN_SOURCE_DIR) / "scenarios" / "seed";

TEST(RegressSuite, ThreadsDoNotChangeTheResults) {
  SuiteOptions options;
  options.suite = kSeed;
  options.seeds = 4;
  options.jobs = 1;
  const auto serial = run_candidates(options);
  options.jobs = 3;
  const auto parallel = run_candidates(options);
  ASSERT_EQ(serial.size(), parallel.size());
  ASSERT_EQ(serial.size(), 9u);  // the nine seed scenarios
  for (std::size_t s = 0; s < serial.size(); ++s) {
    ASSERT_EQ(serial[s].size(), 4u);
    for (std::size_t k = 0; k < serial[s].size(); ++k) {
      auto a = serial[s][k].summary, b = parallel[s][k].summary;
      EXPECT_EQ(a["seed"], k + 1);
      a.erase("wall_s");
      b.erase("wall_s");
      EXPECT_EQ(a.dump(), b.dump()) << s << " " << k;
      EXPECT_EQ(serial[s][k].discovery_latency_s, parallel[s][k].discovery_latency_s);
      EXPECT_EQ(serial[s][k].stale_s, parallel[s][k].stale_s);
    }
  }
}

TEST(RegressSuite, BadInputNamesTheFile) {
  SuiteOptions options;
  options.suite = kSeed / "nowhere";
  EXPECT_THROW(run_suite(options), SuiteInputError);
  options.suite = kSeed;
  options.baselines = fs::temp_directory_path() / "portolan-no-baselines";
  try {
    run_suite(options);
    FAIL() << "no error";
  } catch (const SuiteInputError& e) {
    EXPECT_NE(std::string(e.what()).find("portolan-no-baselines/1_expose_dynamic: no baseline"),
              std::string::npos)
        << e.what();
  }
  options.sets = {"cluster.nothing=1"};
  EXPECT_THROW(run_suite(options), SuiteInputError);
}

}  // namespace
}  // namespace portolan::analysis
