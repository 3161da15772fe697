#include "cli/progress_line.h"

#include <algorithm>
#include <cmath>

#include "scenarios/duration.h"

namespace portolan::cli {
namespace {

// Whole seconds, Go-style: "12m30s", "0s"; simulated time is rounded down (never more than
// done), the ETA to the nearest second.
std::string whole_seconds(double seconds) {
  return scenario::format_duration(static_cast<std::int64_t>(std::max(0.0, seconds)) *
                                   sim::kSecond);
}

}  // namespace

ProgressLine::ProgressLine(std::FILE* out, bool enabled, int runs, sim::Time horizon)
    : out_(out),
      enabled_(enabled),
      runs_(std::max(1, runs)),
      horizon_(horizon),
      slots_(std::make_unique<Slot[]>(static_cast<std::size_t>(runs_))) {}

std::string ProgressLine::format(sim::Time done, sim::Time total, std::uint64_t events,
                                 double elapsed_s, int runs_done, int runs) {
  const double share = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  // Appended piece by piece: g++ 12's -Wrestrict misfires on chains of operator+.
  std::string line = "simulating";
  char buffer[64];
  if (runs > 1) {
    std::snprintf(buffer, sizeof buffer, " %d/%d replications", runs_done, runs);
    line.append(buffer);
  }
  line.append(": ");
  line.append(whole_seconds(static_cast<double>(done) / sim::kSecond));
  line.append(" / ");
  line.append(whole_seconds(static_cast<double>(total) / sim::kSecond));
  std::snprintf(buffer, sizeof buffer, " (%.1f%%)", 100 * share);
  line.append(buffer);
  if (elapsed_s > 0 && events > 0) {
    const double rate = static_cast<double>(events) / elapsed_s;
    if (rate >= 1e6) {
      std::snprintf(buffer, sizeof buffer, ", %.2f M events/s", rate / 1e6);
    } else if (rate >= 1e3) {
      std::snprintf(buffer, sizeof buffer, ", %.1f k events/s", rate / 1e3);
    } else {
      std::snprintf(buffer, sizeof buffer, ", %.0f events/s", rate);
    }
    line.append(buffer);
  }
  line.append(", ETA ");
  line.append(share > 0 ? whole_seconds(std::round(elapsed_s * (1 - share) / share)) : "--");
  return line;
}

void ProgressLine::update(int run, const models::RunProgress& p) {
  if (!enabled_) return;
  Slot& slot = slots_[static_cast<std::size_t>(run)];
  slot.now.store(p.now, std::memory_order_relaxed);
  slot.events.store(p.events, std::memory_order_relaxed);
  const std::int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::steady_clock::now() - started_)
                                  .count();
  if (now_ns < next_draw_ns_.load(std::memory_order_relaxed)) return;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  next_draw_ns_.store(now_ns + std::chrono::nanoseconds(kRedraw).count(),
                      std::memory_order_relaxed);
  draw_locked();
}

void ProgressLine::run_done(int run) {
  if (!enabled_) return;
  slots_[static_cast<std::size_t>(run)].now.store(horizon_, std::memory_order_relaxed);
  ++runs_done_;
}

void ProgressLine::draw_locked() {
  sim::Time done = 0;
  std::uint64_t events = 0;
  for (int r = 0; r < runs_; ++r) {
    done += slots_[static_cast<std::size_t>(r)].now.load(std::memory_order_relaxed);
    events += slots_[static_cast<std::size_t>(r)].events.load(std::memory_order_relaxed);
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const std::string line = format(done, horizon_ * runs_, events, elapsed, runs_done_, runs_);
  std::fprintf(out_, "\r%s\033[K", line.c_str());
  std::fflush(out_);
  shown_ = true;
}

void ProgressLine::erase_locked() {
  if (!enabled_ || !shown_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  shown_ = false;
}

void ProgressLine::clear() {
  const std::lock_guard lock(mutex_);
  erase_locked();
}

}  // namespace portolan::cli
