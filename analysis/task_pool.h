// Independent runs on every core: `run_tasks(n, jobs, task)` calls task(0) .. task(n - 1), each
// once, on min(jobs, n) threads (the calling thread is one of them), and returns when all have
// returned.
//
// Contract:
// - Tasks are claimed in index order; a task writes only to its own slot of whatever it fills,
//   so the outcome does not depend on the number of threads or their timing. Each task must be
//   safe to run beside the others (the engine is: a run owns all of its state, the Model and
//   the scenario are only read).
// - When tasks throw, the exception of the lowest index is rethrown once every started task has
//   returned. After a failure, tasks above the lowest failed index are skipped, those below it
//   still run, so the exception that surfaces is that of the lowest failing index whatever the
//   timing.
// - jobs <= 0 means every core: std::thread::hardware_concurrency() (at least 1).
#ifndef PORTOLAN_ANALYSIS_TASK_POOL_H_
#define PORTOLAN_ANALYSIS_TASK_POOL_H_

#include <cstddef>
#include <functional>

namespace portolan::analysis {

// The number of threads `jobs` asks for: itself when positive, else the core count.
int resolve_jobs(int jobs);

void run_tasks(std::size_t count, int jobs, const std::function<void(std::size_t)>& task);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_TASK_POOL_H_
