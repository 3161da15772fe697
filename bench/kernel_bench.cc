// The classic hold model: P events pending; each fired event schedules one more at
// now + Exp(1 us). Measures events per second of portolan's sim::Simulator (its public API)
// against, in the same binary:
// - a bare heap: std::priority_queue of (time, seq, function pointer), the least a kernel with
//   FIFO among equal times can do;
// - std::function: the same heap holding std::function callbacks, what a careful first
//   attempt would write;
// - ns-3's Simulator with its MapScheduler (its default) and PriorityQueueScheduler (its
//   fastest), when the build found libns3-dev (PORTOLAN_HAVE_NS3).
//
// The delays come from one table of 2^20 exponential draws (seed 1), cycled, the same in every
// variant, so the figures compare the queues, not random number generators. The P initial
// events are scheduled outside the timing.
//
// `kernel_bench --table [--events N] [--reps R] [--pending P] [--only NAME]` runs every variant at
// 1,000, 100,000 and 1,000,000 pending, R repetitions interleaved (variant after variant, then
// again), and prints the median events per second and the ratios portolan / ns-3 PQ and portolan /
// bare heap as a Markdown table: the figures bench/README.md reports. Without --table it is a
// Google Benchmark program (BM_PortolanHold, BM_BareHeapHold, BM_FunctionHeapHold, BM_Ns3*Hold).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "sim/rng.h"
#include "sim/simulator.h"

#ifdef PORTOLAN_HAVE_NS3
#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>
#endif

namespace {

using portolan::sim::Rng;
using portolan::sim::Simulator;
using portolan::sim::Time;

constexpr double kMeanDelay = 1000;  // 1 us of simulated time, in ns
constexpr std::size_t kDelayMask = (1 << 20) - 1;

const std::vector<Time>& delays() {
  static const std::vector<Time> table = [] {
    std::vector<Time> t(kDelayMask + 1);
    Rng rng(1);
    for (auto& d : t) d = static_cast<Time>(rng.exponential(kMeanDelay));
    return t;
  }();
  return table;
}

// One hold-model run: schedule `pending` events untimed, then time `events` firings.
struct Variant {
  const char* name;
  double (*seconds)(int pending, std::int64_t events);  // wall seconds of the firings
};

// ---------------------------------------------------------------- portolan

struct PortolanHold {
  Simulator* sim;
  const Time* delays;
  std::size_t* next;
  std::int64_t* remaining;
  void operator()() const {
    if (--*remaining <= 0) {
      sim->stop();
      return;
    }
    sim->schedule_after(delays[(*next)++ & kDelayMask], *this);
  }
};

double portolan_seconds(int pending, std::int64_t events) {
  Simulator sim;
  std::size_t next = 0;
  std::int64_t remaining = events;
  const Time* d = delays().data();
  for (int i = 0; i < pending; ++i) {
    sim.schedule_at(d[next++ & kDelayMask], PortolanHold{&sim, d, &next, &remaining});
  }
  const auto start = std::chrono::steady_clock::now();
  sim.run();
  const auto stop = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(sim.events_executed());
  return std::chrono::duration<double>(stop - start).count();
}

// ---------------------------------------------------------------- bare heap

struct BareEvent {
  Time time;
  std::uint64_t seq;
  void (*fn)();
  bool operator>(const BareEvent& o) const {
    return time > o.time || (time == o.time && seq > o.seq);
  }
};

struct BareSim {
  std::priority_queue<BareEvent, std::vector<BareEvent>, std::greater<>> queue;
  Time now = 0;
  std::uint64_t seq = 0;
  std::size_t next = 0;
  std::int64_t remaining = 0;
  bool stopped = false;
};
BareSim* bare = nullptr;  // the function pointer carries no state: the run's state is here

void bare_hold() {
  if (--bare->remaining <= 0) {
    bare->stopped = true;
    return;
  }
  bare->queue.push(
      BareEvent{bare->now + delays()[bare->next++ & kDelayMask], bare->seq++, &bare_hold});
}

double bare_heap_seconds(int pending, std::int64_t events) {
  BareSim sim;
  bare = &sim;
  sim.remaining = events;
  for (int i = 0; i < pending; ++i) {
    sim.queue.push(BareEvent{delays()[sim.next++ & kDelayMask], sim.seq++, &bare_hold});
  }
  const auto start = std::chrono::steady_clock::now();
  while (!sim.stopped && !sim.queue.empty()) {
    const BareEvent e = sim.queue.top();
    sim.queue.pop();
    sim.now = e.time;
    e.fn();
  }
  const auto stop = std::chrono::steady_clock::now();
  bare = nullptr;
  return std::chrono::duration<double>(stop - start).count();
}

// ---------------------------------------------------------------- std::function heap

struct FunctionEvent {
  Time time;
  std::uint64_t seq;
  std::function<void()> callback;
  bool operator>(const FunctionEvent& o) const {
    return time > o.time || (time == o.time && seq > o.seq);
  }
};

double function_heap_seconds(int pending, std::int64_t events) {
  std::priority_queue<FunctionEvent, std::vector<FunctionEvent>, std::greater<>> queue;
  Time now = 0;
  std::uint64_t seq = 0;
  std::size_t next = 0;
  std::int64_t remaining = events;
  bool stopped = false;
  std::function<void()> hold = [&] {
    if (--remaining <= 0) {
      stopped = true;
      return;
    }
    queue.push(FunctionEvent{now + delays()[next++ & kDelayMask], seq++, hold});
  };
  for (int i = 0; i < pending; ++i) {
    queue.push(FunctionEvent{delays()[next++ & kDelayMask], seq++, hold});
  }
  const auto start = std::chrono::steady_clock::now();
  while (!stopped && !queue.empty()) {
    FunctionEvent e = std::move(const_cast<FunctionEvent&>(queue.top()));
    queue.pop();
    now = e.time;
    e.callback();
  }
  const auto stop = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(stop - start).count();
}

// ---------------------------------------------------------------- ns-3

#ifdef PORTOLAN_HAVE_NS3
std::size_t ns3_next = 0;
std::int64_t ns3_remaining = 0;

void ns3_hold() {
  if (--ns3_remaining <= 0) {
    ns3::Simulator::Stop();
    return;
  }
  ns3::Simulator::Schedule(ns3::NanoSeconds(delays()[ns3_next++ & kDelayMask]), &ns3_hold);
}

double ns3_seconds(const char* scheduler, int pending, std::int64_t events) {
  ns3::ObjectFactory factory;
  factory.SetTypeId(scheduler);
  ns3::Simulator::SetScheduler(factory);
  ns3_next = 0;
  ns3_remaining = events;
  for (int i = 0; i < pending; ++i) {
    ns3::Simulator::Schedule(ns3::NanoSeconds(delays()[ns3_next++ & kDelayMask]), &ns3_hold);
  }
  const auto start = std::chrono::steady_clock::now();
  ns3::Simulator::Run();
  const auto stop = std::chrono::steady_clock::now();
  ns3::Simulator::Destroy();  // the pending events go; outside the timing
  return std::chrono::duration<double>(stop - start).count();
}

double ns3_map_seconds(int pending, std::int64_t events) {
  return ns3_seconds("ns3::MapScheduler", pending, events);
}
double ns3_pq_seconds(int pending, std::int64_t events) {
  return ns3_seconds("ns3::PriorityQueueScheduler", pending, events);
}
#endif

const std::vector<Variant>& variants() {
  static const std::vector<Variant> all = {
#ifdef PORTOLAN_HAVE_NS3
      {"ns-3 Map", &ns3_map_seconds},
      {"ns-3 PQ", &ns3_pq_seconds},
#endif
      {"std::function heap", &function_heap_seconds},
      {"bare heap", &bare_heap_seconds},
      {"portolan", &portolan_seconds},
  };
  return all;
}

// ---------------------------------------------------------------- Google Benchmark

constexpr std::int64_t kBenchmarkEvents = 1 << 20;

void run_variant(benchmark::State& state, double (*seconds)(int, std::int64_t)) {
  const auto pending = static_cast<int>(state.range(0));
  delays();
  for (auto _ : state) state.SetIterationTime(seconds(pending, kBenchmarkEvents));
  state.SetItemsProcessed(state.iterations() * kBenchmarkEvents);
}

void BM_PortolanHold(benchmark::State& s) { run_variant(s, &portolan_seconds); }
void BM_BareHeapHold(benchmark::State& s) { run_variant(s, &bare_heap_seconds); }
void BM_FunctionHeapHold(benchmark::State& s) { run_variant(s, &function_heap_seconds); }
#define PORTOLAN_HOLD(name)                                                     \
  BENCHMARK(name)->Arg(1000)->Arg(100000)->Arg(1000000)->UseManualTime()->Unit( \
      benchmark::kMillisecond)
PORTOLAN_HOLD(BM_PortolanHold);
PORTOLAN_HOLD(BM_BareHeapHold);
PORTOLAN_HOLD(BM_FunctionHeapHold);
#ifdef PORTOLAN_HAVE_NS3
void BM_Ns3MapHold(benchmark::State& s) { run_variant(s, &ns3_map_seconds); }
void BM_Ns3PriorityQueueHold(benchmark::State& s) { run_variant(s, &ns3_pq_seconds); }
PORTOLAN_HOLD(BM_Ns3MapHold);
PORTOLAN_HOLD(BM_Ns3PriorityQueueHold);
#endif

// ---------------------------------------------------------------- --table

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int print_table(std::int64_t events, int reps, const std::vector<int>& sizes) {
  delays();
  const auto& vs = variants();
  std::printf(
      "hold model, %lld events per run, median of %d interleaved repetitions (M events/s)\n\n",
      static_cast<long long>(events), reps);
  std::printf("| pending |");
  for (const auto& v : vs) std::printf(" %s |", v.name);
  const bool ns3 = vs.size() == 5;
  std::printf("%s portolan / bare |\n|---|", ns3 ? " portolan / ns-3 PQ |" : "");
  for (std::size_t i = 0; i < vs.size() + (ns3 ? 2 : 1); ++i) std::printf("---|");
  std::printf("\n");
  for (const int pending : sizes) {
    std::vector<std::vector<double>> rates(vs.size());
    for (int r = 0; r < reps; ++r) {
      for (std::size_t i = 0; i < vs.size(); ++i) {
        rates[i].push_back(static_cast<double>(events) / vs[i].seconds(pending, events) / 1e6);
      }
    }
    std::vector<double> m;
    for (const auto& r : rates) m.push_back(median(r));
    std::printf("| %d |", pending);
    for (const double x : m) std::printf(" %.2f |", x);
    const double portolan = m.back(), bare_rate = m[m.size() - 2];
    if (ns3) std::printf(" %.2fx |", portolan / m[1]);
    std::printf(" %.2fx |\n", portolan / bare_rate);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool table = false;
  std::int64_t events = 5'000'000;
  int reps = 3;
  std::vector<int> sizes = {1000, 100000, 1000000};
  std::string only;  // --only NAME: that variant alone, for a profiler
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--pending") == 0 && i + 1 < argc) sizes = {std::stoi(argv[++i])};
    if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
    if (std::strcmp(argv[i], "--table") == 0) table = true;
    if (std::strcmp(argv[i], "--events") == 0 && i + 1 < argc) events = std::stoll(argv[++i]);
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = std::stoi(argv[++i]);
  }
  if (!only.empty()) {
    for (const auto& v : variants()) {
      if (only != v.name) continue;
      delays();
      for (const int p : sizes) {
        std::printf("%s, %d pending: %.2f M events/s\n", v.name, p,
                    static_cast<double>(events) / v.seconds(p, events) / 1e6);
      }
      return 0;
    }
    std::fprintf(stderr, "--only %s: no such variant\n", only.c_str());
    return 2;
  }
  if (table) return print_table(events, reps, sizes);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
