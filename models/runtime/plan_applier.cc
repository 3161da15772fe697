#include "models/runtime/plan_applier.h"

#include <stdexcept>
#include <string>

#include "models/runtime/alloc_runner.h"
#include "models/runtime/deployment_watcher.h"
#include "models/runtime/drainer.h"

namespace portolan::models {
namespace {

std::string ports_string(const std::vector<AssignedPort>& ports) {
  std::string s;
  for (const auto& p : ports) {
    if (!s.empty()) s += ';';
    s += p.label + "=" + std::to_string(p.value);
  }
  return s;
}

}  // namespace

int PlanApplier::place(const GroupAsk& ask, int index, const PlacementChoice& choice) {
  Allocation a;
  a.version = state_.job(ask.job).version;
  a.id = static_cast<int>(state_.allocs.size());
  a.job = ask.job;
  a.group = ask.group;
  a.index = index;
  a.node = choice.node;
  a.name = ask.job_name + "." + ask.group_name + "[" + std::to_string(index) + "]";
  a.state = AllocState::kPending;
  a.resources = ask.resources;
  a.ports = choice.ports;
  a.placed_at = state_.sim.now();
  Node& n = state_.cluster.node(choice.node);
  if (const std::string error = n.network.commit(a.id, a.ports); !error.empty()) {
    throw std::logic_error("committing " + a.name + " on " + n.name + ": " + error);
  }
  n.add_alloc(a.id, a.job, a.group);
  state_.cluster.add_usage(choice.node, a.resources);
  state_.group(ask.job, ask.group).live.insert(a.id);
  state_.result.placements.push_back(PlacementRecord{.time = state_.sim.now(),
                                                     .job = ask.job_name,
                                                     .group = ask.group_name,
                                                     .alloc_index = index,
                                                     .node = n.name,
                                                     .placed = true,
                                                     .reason = "",
                                                     .ports = ports_string(a.ports)});
  const int id = a.id;
  state_.allocs.push_back(std::move(a));
  runner_.on_placed(id);
  drainer_.on_placed(id);
  deployments_.on_placed(id);
  return id;
}

void PlanApplier::record_failure(const GroupAsk& ask, int index, const PlacementMetric& metric) {
  state_.result.placements.push_back(PlacementRecord{.time = state_.sim.now(),
                                                     .job = ask.job_name,
                                                     .group = ask.group_name,
                                                     .alloc_index = index,
                                                     .node = "",
                                                     .placed = false,
                                                     .reason = metric.dominant_reason(),
                                                     .ports = ""});
}

void PlanApplier::stop(int id, AllocState end) {
  Allocation& a = state_.alloc(id);
  if (!is_live(a.state)) return;
  if (end != AllocState::kLost) {
    discovery_.on_stopped(id, state_.sim.now() + state_.ask(a.job, a.group).shutdown_delay);
  }
  a.state = end;
  a.ended_at = state_.sim.now();
  Node& n = state_.cluster.node(a.node);
  n.network.release(id);
  n.remove_alloc(id, a.job, a.group);
  state_.cluster.remove_usage(a.node, a.resources);
  state_.group(a.job, a.group).live.erase(id);
}

}  // namespace portolan::models
