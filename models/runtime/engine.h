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

namespace portolan::models {

struct RunOptions {
  std::optional<std::uint64_t> seed;  // default: the model's
  // Called now and then with the share of the horizon simulated, in [0, 1].
  std::function<void(double)> progress;
  // Overrides the scenario's algorithm (e.g. a policy written in Python); not owned.
  const PlacementPolicy* policy = nullptr;
};

RunResult run_model(const Model& model, const RunOptions& options);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_ENGINE_H_
