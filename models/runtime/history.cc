#include "models/runtime/history.h"

#include <algorithm>
#include <utility>

namespace portolan::models {
namespace {

const char* client_status(AllocState s) {
  switch (s) {
    case AllocState::kPending:
      return "pending";
    case AllocState::kRunning:
    case AllocState::kStopping:
      return "running";
    case AllocState::kStopped:
      return "complete";
    case AllocState::kLost:
      return "lost";
    case AllocState::kFailed:
      return "failed";
  }
  return "";
}

const char* desired_status(const Allocation& a) {
  if (a.evicted) return "evict";
  if (a.state == AllocState::kStopped || a.state == AllocState::kLost) return "stop";
  return "run";
}

}  // namespace

std::vector<AllocationRecord> allocation_history(RunState& state) {
  std::vector<AllocationRecord> out;
  out.reserve(state.allocs.size());
  for (Allocation& a : state.allocs) {
    const GroupAsk& ask = state.ask(a.job, a.group);
    out.push_back(AllocationRecord{.id = std::move(a.uid),
                                   .name = allocation_name(ask.job_name, ask.group_name, a.index),
                                   .job = ask.job_name,
                                   .group = ask.group_name,
                                   .index = a.index,
                                   .version = a.version,
                                   .node = state.cluster.node(a.node).name,
                                   .previous = a.previous,
                                   .next = a.next,
                                   .placed = a.placed_at,
                                   .running = a.starts > 0 ? a.first_running_at : -1,
                                   .healthy = a.healthy_at,
                                   .ended = a.ended_at,
                                   .restarts = std::max(0, a.starts - 1),
                                   .client_status = client_status(a.state),
                                   .desired_status = desired_status(a),
                                   .end_reason = std::move(a.end_reason)});
  }
  return out;
}

}  // namespace portolan::models
