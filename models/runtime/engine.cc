#include "models/runtime/engine.h"

#include <malloc.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "models/discovery/discovery.h"
#include "models/placement/scheduler.h"
#include "models/runtime/alloc_runner.h"
#include "models/runtime/deployment_watcher.h"
#include "models/runtime/drainer.h"
#include "models/runtime/eval_broker.h"
#include "models/runtime/heartbeater.h"
#include "models/runtime/history.h"
#include "models/runtime/plan_applier.h"
#include "models/runtime/reconciler.h"
#include "models/runtime/run_state.h"
#include "models/runtime/sampler.h"
#include "models/runtime/scheduler_worker.h"
#include "models/runtime/timeline.h"
#include "sim/simulator.h"

namespace portolan::models {
namespace {

// Runs this large hand their freed heap pages back to the system (run_model).
constexpr std::size_t kTrimAfterAllocations = 100000;

const PlacementPolicy& chosen_policy(const RunOptions& options,
                                     const std::unique_ptr<PlacementPolicy>& owned,
                                     const std::string& algorithm) {
  if (options.policy != nullptr) return *options.policy;
  if (owned == nullptr)
    throw std::invalid_argument("unknown scheduler algorithm \"" + algorithm + "\"");
  return *owned;
}

// The wiring: one instance of each component, sharing one RunState. The components refer to
// one another (a placement starts a client, a crash asks the reconciler...), so each is bound
// to the others by reference here, before any is used; none calls another while it is built.
class Engine {
 public:
  Engine(const Model& model, const RunOptions& options)
      : model_(model),
        progress_(options.progress),
        progress_events_(options.progress_events),
        streams_(options.seed.value_or(model.seed)),
        owned_policy_(options.policy == nullptr ? make_policy(model.algorithm) : nullptr),
        policy_(chosen_policy(options, owned_policy_, model.algorithm)),
        state_(model, sim_),
        scheduler_(policy_, streams_.stream("scheduler")),
        discovery_(model, sim_, streams_, state_.cluster, state_.allocs, state_.result) {
    state_.result.scenario = model.name;
    state_.result.seed = streams_.master_seed();
    // A node pool's scheduler_algorithm; a policy chosen for the run overrides it as it
    // overrides the cluster's, and the batch policy assigns every pool itself.
    if (options.policy == nullptr && !policy_.batch()) {
      for (const auto& [pool, algorithm] : model.pool_algorithms) {
        scheduler_.set_pool_policy(pool, make_policy(algorithm));
      }
    }
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  RunResult run() {
    if (progress_) {
      sim_.set_event_hook(std::max<std::uint64_t>(1, progress_events_),
                          [this] { report(sim_.now()); });
    }
    timeline_.start();
    const sim::Time step = std::max<sim::Time>(model_.sample_interval, 1);
    for (sim::Time t = 0;; t = std::min(t + step, model_.horizon)) {
      sim_.run_until(t);
      state_.result.timeseries.push_back(sample(state_, t));
      if (progress_) report(t);
      if (t >= model_.horizon) break;
    }
    discovery_.finish();
    state_.result.allocations = allocation_history(state_);
    state_.result.node_names.reserve(static_cast<std::size_t>(state_.cluster.size()));
    for (int n = 0; n < state_.cluster.size(); ++n) {
      state_.result.node_names.push_back(state_.cluster.node(n).name);
    }
    state_.result.sim_time = model_.horizon;
    state_.result.events = sim_.events_executed();
    return std::move(state_.result);
  }

 private:
  void report(sim::Time now) const {
    progress_(RunProgress{.now = now, .horizon = model_.horizon, .events = sim_.events_executed()});
  }

  const Model& model_;
  const std::function<void(const RunProgress&)> progress_;
  const std::uint64_t progress_events_;
  sim::Simulator sim_;
  const sim::RngStreams streams_;
  const std::unique_ptr<PlacementPolicy> owned_policy_;
  const PlacementPolicy& policy_;
  RunState state_;
  Scheduler scheduler_;
  Discovery discovery_;

  EvalBroker broker_{state_, worker_};
  SchedulerWorker worker_{state_,      streams_, scheduler_,   policy_,
                          reconciler_, plans_,   deployments_, broker_};
  Reconciler reconciler_{state_, scheduler_, plans_, deployments_, broker_};
  DeploymentWatcher deployments_{state_, scheduler_, plans_, broker_};
  PlanApplier plans_{state_, streams_, discovery_, runner_, drainer_, deployments_};
  AllocRunner runner_{state_,  discovery_, plans_,      reconciler_,
                      broker_, drainer_,   heartbeats_, streams_};
  Heartbeater heartbeats_{state_, streams_, discovery_, plans_, runner_, broker_};
  Drainer drainer_{state_, plans_, broker_};
  Timeline timeline_{state_, Timeline::Components{.discovery = discovery_,
                                                  .broker = broker_,
                                                  .plans = plans_,
                                                  .deployments = deployments_,
                                                  .runner = runner_,
                                                  .heartbeats = heartbeats_,
                                                  .drainer = drainer_}};
};

}  // namespace

RunResult run_model(const Model& model, const RunOptions& options) {
  RunResult result = Engine(model, options).run();
  // A large run frees millions of small blocks when its state goes (allocations, port vectors,
  // event callbacks); glibc keeps their pages resident until asked. Hand back the whole free
  // pages, so a process that goes on to analyse the results does not carry the run's peak.
  // Skipped for small runs, where a sweep of thousands would pay the heap walk each time.
  if (result.allocations.size() >= kTrimAfterAllocations) malloc_trim(0);
  return result;
}

}  // namespace portolan::models
