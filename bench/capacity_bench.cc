// The capacity planner (capacity/capacity_planner.h) on scenarios/examples/capacity.textproto's
// request (general 8-core nodes at 0.40/h against a 16-core shape at 0.76/h, N+1, 19 of 20
// seeds), as it is (the static port 8080 binds) and without legacy-b (cpu binds and a mix
// of both shapes wins), on every core. The baselines, measured in the same run: exhaustive
// simulation of every mix of a small two-shape instance against the planner on it, and one
// candidate of the example judged alone (one failing wave, one passing candidate), from which
// the cost of simulating every one of the example's 80,601 mixes follows.
// Counters: candidates simulated, scenario runs, and process_cpu_s, the CPU time of every
// thread of the process during the benchmark (getrusage): on a shared, loaded machine the wall
// time says little, and process CPU / cores is the wall time on idle cores.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>

#include "capacity/candidate_evaluation.h"
#include "capacity/capacity_planner.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"

namespace {

namespace capacity = portolan::capacity;
namespace scenario = portolan::scenario;

scenario::LoadedScenario example(bool legacy_b) {
  auto loaded = scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) +
                                    "/scenarios/examples/capacity.textproto");
  if (!legacy_b)
    scenario::set_field(&loaded.scenario, "jobs[\"legacy-b\"].groups[\"app\"].count", "0");
  return loaded;
}

scenario::LoadedScenario two_shapes() {
  return scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) +
                             "/python/tests/data/capacity_two_shapes.textproto");
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

void report(benchmark::State& state, const capacity::Plan& plan) {
  int simulated = 0;
  for (const auto& r : plan.candidates) simulated += r.evaluation == "simulated";
  state.counters["candidates_simulated"] = simulated;
  state.counters["runs"] = plan.simulations;
  state.counters["cost_per_hour"] = plan.cost_per_hour;
}

void plan(benchmark::State& state, const scenario::LoadedScenario& loaded, bool exhaustive) {
  capacity::Plan p;
  const double cpu = process_cpu_seconds();
  for (auto _ : state) {
    p = exhaustive ? capacity::exhaustive_capacity(loaded, {})
                   : capacity::plan_capacity(loaded, {});
  }
  state.counters["process_cpu_s"] =
      (process_cpu_seconds() - cpu) / static_cast<double>(state.iterations());
  report(state, p);
}

void BM_PlanExample(benchmark::State& state) { plan(state, example(true), false); }
BENCHMARK(BM_PlanExample)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_PlanExampleWithoutLegacyB(benchmark::State& state) { plan(state, example(false), false); }
BENCHMARK(BM_PlanExampleWithoutLegacyB)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// One candidate of the example judged on its own: 200 general nodes fail (2 seeds, one wave),
// 271 pass (20 seeds, fit and N+1 each).
void judge(benchmark::State& state, int general) {
  const auto loaded = example(true);
  const auto request = capacity::read_request(loaded);
  const auto candidate = capacity::build_candidate(loaded, request, {general, 0});
  capacity::Evaluation e;
  const double cpu = process_cpu_seconds();
  for (auto _ : state) e = capacity::evaluate_candidate(candidate, request.requirements, 1, 0);
  state.counters["process_cpu_s"] =
      (process_cpu_seconds() - cpu) / static_cast<double>(state.iterations());
  state.counters["runs"] = e.runs;
  state.counters["passed"] = e.passed;
}
void BM_JudgeFailingCandidate(benchmark::State& state) { judge(state, 200); }
BENCHMARK(BM_JudgeFailingCandidate)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
void BM_JudgePassingCandidate(benchmark::State& state) { judge(state, 271); }
BENCHMARK(BM_JudgePassingCandidate)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_PlanTwoShapes(benchmark::State& state) { plan(state, two_shapes(), false); }
BENCHMARK(BM_PlanTwoShapes)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
void BM_ExhaustiveTwoShapes(benchmark::State& state) { plan(state, two_shapes(), true); }
BENCHMARK(BM_ExhaustiveTwoShapes)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
