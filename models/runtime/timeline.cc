#include "models/runtime/timeline.h"

#include "models/runtime/alloc_runner.h"
#include "models/runtime/deployment_watcher.h"
#include "models/runtime/drainer.h"
#include "models/runtime/eval_broker.h"
#include "models/runtime/heartbeater.h"
#include "models/runtime/plan_applier.h"

namespace portolan::models {
namespace {

// The node of the live allocation "job.group[index]" now, or -1.
int node_of_alloc(RunState& state, int job, int group, int index) {
  // Pending or running, not stopping: a stopping allocation's name already belongs to its
  // replacement. Several of one name (a system job's are all [0]): the first placed.
  for (const int id : state.group(job, group).live) {  // ids ascend in placement order
    const Allocation& a = state.alloc(id);
    if (a.index == index && (a.state == AllocState::kPending || a.state == AllocState::kRunning)) {
      return a.node;
    }
  }
  return -1;  // none live now: Heartbeater::fail ignores node -1
}

}  // namespace

void Timeline::start() {
  for (const auto& pool : state_.model.pools) {
    for (int i = 0; i < pool.count; ++i) add_node(pool.shape);
  }
  for (const auto& running : state_.model.running) adopt(running);
  for (std::size_t j = 0; j < state_.model.jobs.size(); ++j) {
    if (state_.model.jobs[j].submit_at_start) submit(static_cast<int>(j));
  }
  for (const auto& event : state_.model.timeline) {
    state_.sim.schedule_at(event.at, [this, &event] { apply(event); });
  }
}

void Timeline::apply(const TimelineEvent& e) {
  switch (e.kind) {
    case TimelineEvent::Kind::kSubmitJob:
      submit(e.job);
      break;
    case TimelineEvent::Kind::kScaleGroup:
      state_.group(e.job, e.group).desired = e.count;
      c_.broker.enqueue(e.job);
      break;
    case TimelineEvent::Kind::kStopJob:
      stop_job(e.job);
      break;
    case TimelineEvent::Kind::kFailNode:
      c_.heartbeats.fail(e.node.empty() ? node_of_alloc(state_, e.job, e.group, e.index)
                                        : state_.cluster.find(e.node));
      break;
    case TimelineEvent::Kind::kRecoverNode:
      c_.heartbeats.recover(state_.cluster.find(e.node));
      break;
    case TimelineEvent::Kind::kDrainNode:
      c_.drainer.drain(state_.cluster.find(e.node), e.deadline);
      break;
    case TimelineEvent::Kind::kAddNodes:
      add_nodes(e.pool, e.count);
      break;
    case TimelineEvent::Kind::kUpdateJob:
      c_.deployments.update(e.job);
      break;
    case TimelineEvent::Kind::kFailAlloc:
      c_.runner.fail_tasks(e.job, e.group, e.index, e.count);
      break;
  }
}

void Timeline::submit(int job) {
  JobState& s = state_.job(job);
  s.registered = true;
  s.stopped = false;
  c_.broker.enqueue(job);
}

// The validator has checked that the allocation names an existing node, every port of its
// group, and that it fits; its ports are offered as a placement's are, statics first.
void Timeline::adopt(const RunningAllocSpec& running) {
  const GroupAsk& ask = state_.ask(running.job, running.group);
  PlacementChoice choice;
  choice.node = state_.cluster.find(running.node);
  const NetworkIndex& network = state_.cluster.node(choice.node).network;
  for (const bool statics : {true, false}) {
    for (const PortAsk& p : ask.ports) {
      if ((p.static_port != 0) != statics) continue;
      const auto addresses = network.addresses(p.host_network);
      const int value = running.ports.at(p.label);
      choice.ports.push_back(AssignedPort{.label = p.label,
                                          .address = addresses.empty() ? "" : addresses.front(),
                                          .value = value,
                                          .to = !statics && p.to == -1 ? value : p.to});
    }
  }
  c_.plans.adopt(ask, running.index, choice, running.id);
}

void Timeline::stop_job(int job) {
  JobState& s = state_.job(job);
  c_.deployments.end(job, "cancelled");
  for (auto& g : s.groups) g.reschedules.clear();
  s.stopped = true;
  s.blocked = false;
  s.system_unplaced.clear();
  for (auto& g : s.groups) {
    const std::vector<int> live(g.live.begin(), g.live.end());
    for (const int id : live) c_.plans.stop(id, StopCause::kJobStopped);
  }
  c_.broker.capacity_changed();
}

void Timeline::add_nodes(int pool, int count) {
  for (int i = 0; i < count; ++i) {
    add_node(state_.model.pools[static_cast<std::size_t>(pool)].shape);
    state_.record_node_event(state_.cluster.size() - 1, "joined");
  }
  c_.broker.node_joined();
}

void Timeline::add_node(const NodeShape& shape) {
  state_.cluster.add_node(shape);
  c_.discovery.on_node_added(state_.cluster.size() - 1);
}

}  // namespace portolan::models
