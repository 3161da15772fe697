#include "analysis/task_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace portolan::analysis {

int resolve_jobs(int jobs) {
  if (jobs > 0) return jobs;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void run_tasks(std::size_t count, int jobs, const std::function<void(std::size_t)>& task) {
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  // The lowest index that failed so far; tasks above it are skipped, tasks below it still run
  // (one of them may fail too and is then the one reported).
  std::atomic<std::size_t> first_failed{count};
  const auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      if (i > first_failed) continue;
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
        std::size_t seen = first_failed;
        while (i < seen && !first_failed.compare_exchange_weak(seen, i)) {
        }
      }
    }
  };
  const std::size_t threads =
      std::min<std::size_t>(static_cast<std::size_t>(resolve_jobs(jobs)), count);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace portolan::analysis
