// Placement throughput of the engine (Nomad's generic stack with its sampling limit) on
// clusters of 100, 1,000 and 10,000 nodes, and memory per allocation.
//
// Each iteration places kAllocs allocations of small service groups (10 jobs, one dynamic port
// each) on an empty cluster through run_model, so the figure includes evaluation handling and
// result recording. Per-placement cost should grow far slower than the node count: Nomad's
// LimitIterator scores only max(2, ceil(log2 N)) feasible nodes per placement.
//
// `placement_bench --c2m` instead places the C2M scale (6,100 nodes, 2,000,000 allocations)
// once and prints the wall time; `--scaling` alternates 100 and 10,000 nodes and prints the
// ratio of their per-placement times.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "models/runtime/engine.h"

namespace {

using namespace portolan::models;
namespace sim = portolan::sim;

Model cluster_model(int nodes, int jobs, int allocs_per_job) {
  Model m;
  m.name = "bench";
  NodeShape shape;
  shape.pool = "client";
  shape.capacity = make_resources(64000, 256000, 1000000);
  shape.drivers = {"docker"};
  shape.network.address = "10.0.0.1";
  m.pools.push_back({shape, nodes});
  for (int j = 0; j < jobs; ++j) {
    GroupAsk g;
    g.job = j;
    g.group = 0;
    g.job_name = "job-" + std::to_string(j);
    g.group_name = "app";
    g.count = allocs_per_job;
    g.datacenters = {"dc1"};
    g.resources = make_resources(20, 64, 10);
    g.drivers = {"docker"};
    g.ports = {PortAsk{"http", 0, 8080, "default"}};
    JobSpec spec;
    spec.name = g.job_name;
    spec.datacenters = {"dc1"};
    spec.groups = {g};
    m.jobs.push_back(std::move(spec));
  }
  m.horizon = sim::kSecond;
  m.sample_interval = sim::kSecond;
  return m;
}

// What the two large result tables hold, per allocation: their records, and the blocks those
// records own (the ports after a placement's first) or share (the retained node scores). Interned
// names are shared by the whole run and not counted here.
void print_result_bytes(const RunResult& r, double allocs) {
  std::size_t port_heap = 0;
  for (const PlacementRecord& p : r.placements) port_heap += p.ports.heap_bytes();
  const std::size_t score_heap = r.scores.heap_bytes();
  std::printf(
      "  placements: %.0f bytes of records + %.0f of ports + %.0f of scores per allocation\n"
      "  allocations: %.0f bytes of records per allocation\n",
      static_cast<double>(r.placements.capacity() * sizeof(PlacementRecord)) / allocs,
      static_cast<double>(port_heap) / allocs, static_cast<double>(score_heap) / allocs,
      static_cast<double>(r.allocations.capacity() * sizeof(AllocationRecord)) / allocs);
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 20, '\n');
  }
  return 0;
}

constexpr int kJobs = 10;
constexpr int kAllocsPerJob = 2000;

// Seconds spent placing: a run of `full` minus a run of `empty`, the same cluster without the
// allocations (building N nodes is a one-off cost per cluster).
double placing_seconds(const Model& full, const Model& empty) {
  const auto t0 = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(run_model(empty, {}).placements.size());
  const auto t1 = std::chrono::steady_clock::now();
  benchmark::DoNotOptimize(run_model(full, {}).placements.size());
  const auto t2 = std::chrono::steady_clock::now();
  return std::max(1e-9, std::chrono::duration<double>((t2 - t1) - (t1 - t0)).count());
}

// Placement cost alone, per iteration (placing_seconds).
void BM_Place(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  const Model full = cluster_model(nodes, kJobs, kAllocsPerJob);
  const Model empty = cluster_model(nodes, kJobs, 0);
  for (auto _ : state) state.SetIterationTime(placing_seconds(full, empty));
  state.SetItemsProcessed(state.iterations() * kJobs * kAllocsPerJob);
}
BENCHMARK(BM_Place)->Arg(100)->Arg(1000)->Arg(10000)->UseManualTime()->Unit(
    benchmark::kMillisecond);

// `--scaling [PAIRS]`: per-placement time at 10,000 nodes over that at 100, from PAIRS runs of
// the two back to back (default 15), so that both sides of each ratio see the same machine
// load; prints the median ratio and its range. Google Benchmark runs one size to completion
// before the next, and on a shared host the load drifts between them.
int run_scaling(int pairs) {
  const Model small_full = cluster_model(100, kJobs, kAllocsPerJob);
  const Model small_empty = cluster_model(100, kJobs, 0);
  const Model large_full = cluster_model(10000, kJobs, kAllocsPerJob);
  const Model large_empty = cluster_model(10000, kJobs, 0);
  const double placements = kJobs * kAllocsPerJob;
  placing_seconds(small_full, small_empty);  // warm-up: page in the code and the allocator
  placing_seconds(large_full, large_empty);
  std::vector<double> ratios, small_us, large_us;
  for (int i = 0; i < pairs; ++i) {
    const double small = placing_seconds(small_full, small_empty);
    const double large = placing_seconds(large_full, large_empty);
    small_us.push_back(small / placements * 1e6);
    large_us.push_back(large / placements * 1e6);
    ratios.push_back(large / small);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf(
      "per placement: %.2f us on 100 nodes, %.2f us on 10000 (medians of %d pairs)\n"
      "10000 / 100 nodes: median %.2fx, range %.2fx to %.2fx\n",
      median(small_us), median(large_us), pairs, median(ratios),
      *std::min_element(ratios.begin(), ratios.end()),
      *std::max_element(ratios.begin(), ratios.end()));
  return 0;
}

int run_c2m() {
  const long before = resident_kib();
  const Model m = cluster_model(6100, 2000, 1000);
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run_model(m, {});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long after = resident_kib();
  std::size_t placed = 0;
  for (const auto& p : r.placements) placed += p.placed;
  std::printf(
      "C2M scale: %zu of %zu allocations placed on 6100 nodes in %.1f s; "
      "resident memory grew %.0f MiB (%.0f bytes per allocation, results included)\n",
      placed, r.placements.size(), seconds, static_cast<double>(after - before) / 1024,
      static_cast<double>(after - before) * 1024 / static_cast<double>(placed));
  print_result_bytes(r, static_cast<double>(placed));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--c2m") == 0) return run_c2m();
    if (std::strcmp(argv[i], "--scaling") == 0) {
      const int pairs = i + 1 < argc ? std::atoi(argv[i + 1]) : 15;
      if (pairs < 1) {
        std::fprintf(stderr, "--scaling PAIRS: PAIRS must be a positive number\n");
        return 2;
      }
      return run_scaling(pairs);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
