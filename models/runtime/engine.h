// Runs a scenario: the engine wires Nomad's components (models/runtime/*.h, one file each) on
// the kernel, replays the timeline, samples the cluster and returns the run's records.
//
//   timeline -> eval broker -> scheduler worker -> reconciler / deployment watcher
//                                   |                  |
//                                   v                  v
//                              plan applier  <---------+--- drainer, heartbeater
//                                   |
//                                   v
//                              alloc runner (client) -> discovery (registries, consumers)
//
// The run is deterministic: the same model and seed give equal results. Randomness comes from
// named streams of the seed ("scheduler" for node shuffles and dynamic ports, "liveness" for
// heartbeat stagger, "restarts" for restart jitter, and discovery's own), so a model change in
// one area does not perturb the draws of another.
#ifndef PORTOLAN_MODELS_RUNTIME_ENGINE_H_
#define PORTOLAN_MODELS_RUNTIME_ENGINE_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "models/placement/placement_policy.h"
#include "models/results/results.h"
#include "models/spec/model.h"
#include "sim/time.h"

namespace portolan::models {

// Where a run is: what a progress line shows.
struct RunProgress {
  sim::Time now = 0;         // simulated time reached, in [0, horizon]
  sim::Time horizon = 0;     // the run's end (run.horizon)
  std::uint64_t events = 0;  // kernel events executed so far
  double fraction() const {
    return horizon > 0 ? static_cast<double>(now) / static_cast<double>(horizon) : 1.0;
  }
};

// About 20 ms of a fast run: a progress line redrawn 4 times a second sees every change.
inline constexpr std::uint64_t kProgressEvents = 1 << 16;

struct RunOptions {
  std::optional<std::uint64_t> seed;  // default: the model's
  // Called on the running thread after each sample (run.sample_interval of simulated time) and
  // every `progress_events` kernel events, so a run whose clock stands still (a burst of
  // placements at one instant) still reports. Observes only: the results do not depend on it.
  std::function<void(const RunProgress&)> progress;
  // Overrides the scenario's algorithm (e.g. a policy written in Python); not owned.
  const PlacementPolicy* policy = nullptr;
  std::uint64_t progress_events = kProgressEvents;  // >= 1
};

RunResult run_model(const Model& model, const RunOptions& options);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_ENGINE_H_
