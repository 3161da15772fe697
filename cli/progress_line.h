// The progress line `portolan run` keeps on a terminal during a run (docs/cli.md):
//
//   simulating: 12m30s / 1h (20.8%), 1.24 M events/s, ETA 3m12s
//   simulating 3/8 replications: 2h5m / 8h (26.0%), 2.10 M events/s, ETA 1m40s
//
// simulated time reached (summed over the replications that share the line) over the total to
// simulate, the kernel events executed per wall second since the start, and the remaining wall
// time extrapolated from the share of simulated time done. It is redrawn in place ("\r", then
// ESC[K to erase the rest) at most every kRedraw, and erased by clear().
//
// Contract: update() and run_done() may be called from any number of threads at once (one
// slot per run, each written by its own run); drawing takes a mutex, and an update that finds
// the line busy or drawn recently returns at once, so a run never waits on the terminal. A
// disabled line (not a terminal, or -q) prints nothing ever. Nothing here reaches the results.
#ifndef PORTOLAN_CLI_PROGRESS_LINE_H_
#define PORTOLAN_CLI_PROGRESS_LINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "models/runtime/engine.h"
#include "sim/time.h"

namespace portolan::cli {

class ProgressLine {
 public:
  static constexpr std::chrono::milliseconds kRedraw{250};

  // `runs` runs of `horizon` each share the line.
  ProgressLine(std::FILE* out, bool enabled, int runs, sim::Time horizon);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { clear(); }  // a failed run's error message starts on a clean line

  bool enabled() const { return enabled_; }
  // Run `run` (0-based) reached `p`.
  void update(int run, const models::RunProgress& p);
  // Run `run` has finished: it counts whole, and the replication count moves.
  void run_done(int run);
  // Erases the line; the next update draws it again. Call at the end.
  void clear();
  // Erases the line and runs print() (which writes other lines) before any redraw.
  template <typename F>
  void print_above(F&& print) {
    const std::lock_guard lock(mutex_);
    erase_locked();
    print();
  }

  // The line's text: `done` of `total` simulated, `events` executed in `elapsed_s` wall seconds;
  // `runs_done` of `runs` finished (runs == 1: no replication count).
  static std::string format(sim::Time done, sim::Time total, std::uint64_t events, double elapsed_s,
                            int runs_done, int runs);

 private:
  struct Slot {
    std::atomic<sim::Time> now{0};
    std::atomic<std::uint64_t> events{0};
  };
  void draw_locked();
  void erase_locked();

  std::FILE* const out_;
  const bool enabled_;
  const int runs_;
  const sim::Time horizon_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  const std::unique_ptr<Slot[]> slots_;
  std::atomic<int> runs_done_{0};
  std::atomic<std::int64_t> next_draw_ns_{0};  // steady clock, since started_
  std::mutex mutex_;
  bool shown_ = false;  // under mutex_
};

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_PROGRESS_LINE_H_
