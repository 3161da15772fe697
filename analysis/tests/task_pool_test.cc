// run_tasks: every task once, each in its slot whatever the thread count; the lowest failing
// index is the exception that surfaces.
#include "analysis/task_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace portolan::analysis {
namespace {

TEST(TaskPool, EveryTaskRunsOnceInItsSlot) {
  for (const int jobs : {1, 2, 7, 64}) {
    std::vector<int> slots(100, 0);
    std::atomic<int> calls{0};
    run_tasks(slots.size(), jobs, [&](std::size_t i) {
      slots[i] += static_cast<int>(i) * 3;
      ++calls;
    });
    EXPECT_EQ(calls, 100) << jobs;
    // 3 * (0 + 1 + ... + 99) = 3 * 4950
    EXPECT_EQ(std::accumulate(slots.begin(), slots.end(), 0), 14850) << jobs;
    EXPECT_EQ(slots[99], 297) << jobs;
  }
}

TEST(TaskPool, ZeroTasksRunsNothing) {
  int calls = 0;
  run_tasks(0, 4, [&](std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(TaskPool, TheLowestFailingIndexSurfaces) {
  for (const int jobs : {1, 2, 4}) {
    try {
      // Task 7 fails at once, task 3 only after a while: 3 is still the one reported.
      run_tasks(20, jobs, [](std::size_t i) {
        if (i == 3) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          throw std::runtime_error("task 3");
        }
        if (i == 7 || i == 12) throw std::runtime_error("task " + std::to_string(i));
      });
      FAIL() << "no exception with jobs " << jobs;
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "task 3") << jobs;
    }
  }
}

TEST(TaskPool, JobsZeroIsEveryCore) {
  EXPECT_EQ(resolve_jobs(3), 3);
  EXPECT_EQ(resolve_jobs(0), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_EQ(resolve_jobs(-1), resolve_jobs(0));
}

}  // namespace
}  // namespace portolan::analysis
