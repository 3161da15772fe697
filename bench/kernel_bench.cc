// The classic hold model: P events pending; each fired event schedules one more at
// now + Exp(mean). Measures events per second of portolan's Simulator and, as the baseline in
// the same binary, of a bare std::priority_queue<(time, seq, std::function)>.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "sim/rng.h"
#include "sim/simulator.h"

namespace {

using portolan::sim::Rng;
using portolan::sim::Simulator;
using portolan::sim::Time;

constexpr double kMeanDelay = 1e6;  // 1 ms of simulated time
constexpr std::int64_t kEventsPerIteration = 1 << 20;

Time draw_delay(Rng& rng) { return static_cast<Time>(rng.exponential(kMeanDelay)); }

struct Hold {
  Simulator* sim;
  Rng* rng;
  std::int64_t* remaining;
  void operator()() const {
    if (--*remaining > 0) sim->schedule_after(draw_delay(*rng), *this);
  }
};

void BM_PortolanHold(benchmark::State& state) {
  const auto pending = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    Simulator sim;
    Rng rng(1);
    std::int64_t remaining = kEventsPerIteration;
    for (int i = 0; i < pending; ++i) {
      sim.schedule_at(draw_delay(rng), Hold{&sim, &rng, &remaining});
    }
    state.ResumeTiming();
    while (remaining > 0 && sim.pending() > 0) sim.run_until(sim.now() + 1000 * kMeanDelay);
    // Stop once kEventsPerIteration events fired; the rest of the queue is left unrun.
    benchmark::DoNotOptimize(sim.events_executed());
  }
  state.SetItemsProcessed(state.iterations() * kEventsPerIteration);
}

// The baseline: what a careful first attempt would write.
struct BaselineEvent {
  Time time;
  std::uint64_t seq;
  std::function<void()> callback;
  bool operator>(const BaselineEvent& o) const {
    return time > o.time || (time == o.time && seq > o.seq);
  }
};

struct BaselineSim {
  std::priority_queue<BaselineEvent, std::vector<BaselineEvent>, std::greater<>> queue;
  Time now = 0;
  std::uint64_t seq = 0;
  void schedule_after(Time delay, std::function<void()> cb) {
    queue.push(BaselineEvent{now + delay, seq++, std::move(cb)});
  }
};

void BM_BaselineHold(benchmark::State& state) {
  const auto pending = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    BaselineSim sim;
    Rng rng(1);
    std::int64_t remaining = kEventsPerIteration;
    std::function<void()> hold;
    hold = [&] {
      if (--remaining > 0) sim.schedule_after(draw_delay(rng), hold);
    };
    for (int i = 0; i < pending; ++i) sim.schedule_after(draw_delay(rng), hold);
    state.ResumeTiming();
    while (remaining > 0 && !sim.queue.empty()) {
      BaselineEvent e = std::move(const_cast<BaselineEvent&>(sim.queue.top()));
      sim.queue.pop();
      sim.now = e.time;
      e.callback();
    }
  }
  state.SetItemsProcessed(state.iterations() * kEventsPerIteration);
}

BENCHMARK(BM_PortolanHold)->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BaselineHold)->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
