#include "models/runtime/plan_applier.h"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "models/runtime/alloc_runner.h"
#include "models/runtime/deployment_watcher.h"
#include "models/runtime/drainer.h"

namespace portolan::models {
namespace {

// A UUID-shaped id (version 4 layout) from a stream keyed by the allocation's name and
// incarnation: the same for the same scenario and seed, and unmoved by unrelated changes.
AllocationId allocation_uid(const sim::RngStreams& streams, const std::string& name,
                            int incarnation) {
  sim::Rng rng = streams.stream("alloc-id/" + name + "#" + std::to_string(incarnation));
  const std::uint64_t hi = (rng.next() & ~std::uint64_t{0xF000}) | 0x4000;
  const std::uint64_t lo = (rng.next() & ~(std::uint64_t{3} << 62)) | (std::uint64_t{2} << 62);
  return AllocationId::from_bits(hi, lo);
}

struct CauseInfo {
  AllocState end;
  const char* reason;
  bool replaced;  // a replacement of the same name is expected
};

CauseInfo info(StopCause cause) {
  switch (cause) {
    case StopCause::kScaledDown:
      return {AllocState::kStopped, "scaled down", false};
    case StopCause::kJobStopped:
      return {AllocState::kStopped, "job stopped", false};
    case StopCause::kUpdated:
      return {AllocState::kStopped, "replaced by job version", true};
    case StopCause::kDrained:
      return {AllocState::kStopped, "migrated off draining node", true};
    case StopCause::kDrainDeadline:
      return {AllocState::kStopped, "drain deadline passed", true};
    case StopCause::kPreempted:
      return {AllocState::kStopped, "preempted by job", true};
    case StopCause::kNodeLost:
      return {AllocState::kLost, "node down", true};
    case StopCause::kFailed:
      return {AllocState::kFailed, "tasks failed: restart attempts exhausted", true};
  }
  return {AllocState::kStopped, "", false};
}

}  // namespace

int PlanApplier::commit(const GroupAsk& ask, int index, PlacementChoice choice) {
  Allocation a;
  a.version = state_.job(ask.job).version;
  a.id = static_cast<int>(state_.allocs.size());
  a.job = ask.job;
  a.group = ask.group;
  a.index = index;
  a.node = choice.node;
  a.state = AllocState::kPending;
  a.resources = ask.resources;
  a.ports = port_bindings(choice.ports);
  a.placed_at = state_.sim.now();
  std::vector<int>& placed = state_.group(ask.job, ask.group).placed_by_index;
  if (static_cast<std::size_t>(index) >= placed.size()) placed.resize(index + 1, 0);
  const std::string name = allocation_name(ask.job_name, ask.group_name, index);
  a.uid = allocation_uid(streams_, name, placed[static_cast<std::size_t>(index)]++);
  if (const auto it = awaiting_replacement_.find(line_key(a, name));
      it != awaiting_replacement_.end()) {
    a.previous = it->second;
    state_.alloc(it->second).next = a.id;
    awaiting_replacement_.erase(it);
  }
  Node& n = state_.cluster.node(choice.node);
  if (const std::string error = n.network.commit(a.id, choice.ports); !error.empty()) {
    throw std::logic_error("committing " + name + " on " + n.name + ": " + error);
  }
  n.add_alloc(a.id, a.job, a.group);
  state_.cluster.add_usage(choice.node, a.resources);
  state_.group(ask.job, ask.group).live.insert(a.id);
  const GroupState& names = state_.group(ask.job, ask.group);
  state_.result.placements.push_back(PlacementRecord{.time = state_.sim.now(),
                                                     .job = names.job_name,
                                                     .group = names.group_name,
                                                     .alloc_index = index,
                                                     .node = state_.node_name(choice.node),
                                                     .placed = true,
                                                     .reason = {},
                                                     .ports = a.ports,
                                                     .alloc = a.id,
                                                     .coalesced_into = -1,
                                                     .metric = std::move(choice.metric)});
  state_.result.placements.back().metric.scores = state_.result.scores.add(choice.top);
  const int id = a.id;
  state_.allocs.push_back(std::move(a));
  return id;
}

int PlanApplier::place(const GroupAsk& ask, int index, PlacementChoice choice) {
  const int id = commit(ask, index, std::move(choice));
  runner_.on_placed(id);
  drainer_.on_placed(id);
  deployments_.on_placed(id);
  return id;
}

int PlanApplier::adopt(const GroupAsk& ask, int index, PlacementChoice choice,
                       const std::string& uid) {
  const int id = commit(ask, index, std::move(choice));
  if (!uid.empty()) state_.alloc(id).uid = AllocationId::from_text(uid);
  runner_.adopt(id);
  return id;
}

int PlanApplier::record_failure(const GroupAsk& ask, int index, const PlacementChoice& failed) {
  PlacementRecord& r =
      push_failure(ask, index, failed.metric.blocking_reason(), -1, PlacementMetric(failed.metric));
  r.metric.scores = state_.result.scores.add(failed.top);
  return static_cast<int>(state_.result.placements.size()) - 1;
}

int PlanApplier::record_coalesced_failure(const GroupAsk& ask, int index, int coalesced_into) {
  PlacementRecord& first = state_.result.placements[static_cast<std::size_t>(coalesced_into)];
  ++first.metric.coalesced_failures;
  const InternedString reason = first.reason;  // `first` moves if the push reallocates
  push_failure(ask, index, reason, coalesced_into, PlacementMetric{});
  return static_cast<int>(state_.result.placements.size()) - 1;
}

PlacementRecord& PlanApplier::push_failure(const GroupAsk& ask, int index, InternedString reason,
                                           int coalesced_into, PlacementMetric metric) {
  const GroupState& names = state_.group(ask.job, ask.group);
  return state_.result.placements.emplace_back(PlacementRecord{.time = state_.sim.now(),
                                                               .job = names.job_name,
                                                               .group = names.group_name,
                                                               .alloc_index = index,
                                                               .node = {},
                                                               .placed = false,
                                                               .reason = reason,
                                                               .ports = {},
                                                               .alloc = -1,
                                                               .coalesced_into = coalesced_into,
                                                               .metric = std::move(metric)});
}

std::string PlanApplier::line_key(const Allocation& a, const std::string& name) const {
  return state_.is_system(a.job) ? name + "@" + std::to_string(a.node) : name;
}

void PlanApplier::stop(int id, StopCause cause, const std::string& detail) {
  Allocation& a = state_.alloc(id);
  if (!is_live(a.state)) return;
  const CauseInfo why = info(cause);
  const AllocState end = why.end;
  a.end_reason = detail.empty() ? InternedString(why.reason)
                                : InternedString(std::string(why.reason) + " " + detail);
  a.evicted = cause == StopCause::kPreempted;
  // A system allocation leaves a draining node for good: none replaces it there.
  const bool replaced = why.replaced && !(cause == StopCause::kDrained && state_.is_system(a.job));
  if (cause == StopCause::kUpdated) {
    // A promoted canary of the new version already holds this name: it is the replacement.
    for (const int other : state_.group(a.job, a.group).live) {
      Allocation& o = state_.alloc(other);
      if (other != id && o.index == a.index && o.version != a.version && o.previous < 0) {
        o.previous = id;
        a.next = other;
        break;
      }
    }
  }
  if (replaced && a.next < 0) {
    const GroupAsk& ask = state_.ask(a.job, a.group);
    awaiting_replacement_[line_key(a, allocation_name(ask.job_name, ask.group_name, a.index))] = id;
  }
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
