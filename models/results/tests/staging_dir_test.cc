#include "models/results/staging_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <string>

namespace portolan::models {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST(StagingDir, IsHiddenBesideItsTargetAndGoesWhenNotCommitted) {
  const fs::path dir = fresh_dir("portolan_staging_uncommitted");
  {
    StagingDir staging(dir / "out");
    EXPECT_EQ(staging.path(), dir / (".out.partial-" + std::to_string(getpid())));
    std::ofstream(staging.path() / "half.csv") << "a,b\n";
    EXPECT_EQ(entries(dir), std::set<std::string>{staging.path().filename().string()});
  }
  EXPECT_TRUE(entries(dir).empty());
}

TEST(StagingDir, CommitReplacesTheEarlierOutputAndLeavesNothingElse) {
  const fs::path dir = fresh_dir("portolan_staging_commit");
  fs::create_directory(dir / "out");
  std::ofstream(dir / "out" / "old.csv") << "old\n";
  {
    StagingDir staging(dir / "out");
    std::ofstream(staging.path() / "new.csv") << "new\n";
    staging.commit();
  }
  EXPECT_EQ(entries(dir), std::set<std::string>{"out"});
  EXPECT_EQ(entries(dir / "out"), std::set<std::string>{"new.csv"});
}

TEST(StagingDir, RemovesWhatDeadRunsLeftAndKeepsALiveRunsStaging) {
  const fs::path dir = fresh_dir("portolan_staging_leftovers");
  // No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22).
  const std::string dead = std::to_string((1 << 22) + 1);
  fs::create_directory(dir / (".out.partial-" + dead));
  fs::create_directory(dir / (".out.old-" + dead));
  // pid 1 is alive: a concurrent run's staging is not ours to remove.
  fs::create_directory(dir / ".out.partial-1");
  // Other names are left alone: another target's, and a name that only looks like ours.
  fs::create_directory(dir / (".other.partial-" + dead));
  fs::create_directory(dir / ".out.partial-x1");
  {
    StagingDir staging(dir / "out");
    staging.commit();
  }
  EXPECT_EQ(entries(dir), (std::set<std::string>{"out", ".out.partial-1", ".other.partial-" + dead,
                                                 ".out.partial-x1"}));
}

TEST(StagingDir, InterruptCleanupRemovesEveryPendingDirectory) {
  const fs::path dir = fresh_dir("portolan_staging_interrupt");
  StagingDir a(dir / "a");
  StagingDir b(dir / "b");
  std::ofstream(b.path() / "rows.csv") << "1\n";
  remove_pending_staging_dirs();
  EXPECT_TRUE(entries(dir).empty());
  // The StagingDirs' destructors then find nothing to remove.
}

TEST(CheckReplaceable, RefusesAFileAndAForeignDirectoryAcceptsItsOwnOutput) {
  const fs::path dir = fresh_dir("portolan_staging_replaceable");
  EXPECT_NO_THROW(check_replaceable(dir / "absent", {"report.md"}));
  EXPECT_NO_THROW(check_replaceable(dir, {"report.md"}));  // empty
  std::ofstream(dir / "report.md") << "# old\n";
  EXPECT_NO_THROW(check_replaceable(dir, {"report.md", "report.html"}));
  std::ofstream(dir / "thesis.tex") << "chapter 1";
  try {
    check_replaceable(dir, {"report.md", "report.html"});
    FAIL() << "a directory holding thesis.tex was accepted";
  } catch (const OutputRefused& e) {
    EXPECT_NE(std::string(e.what()).find("thesis.tex"), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_replaceable(dir / "thesis.tex", {"report.md"}), OutputRefused);
}

}  // namespace
}  // namespace portolan::models
