#include "models/runtime/history.h"

#include <algorithm>
#include <utility>

namespace portolan::models {
namespace {

// Interned once: two million allocations would otherwise take the pool's lock twice each.
InternedString client_status(AllocState s) {
  static const InternedString kPending("pending"), kRunning("running"), kComplete("complete"),
      kLost("lost"), kFailed("failed");
  switch (s) {
    case AllocState::kPending:
      return kPending;
    case AllocState::kRunning:
    case AllocState::kStopping:
      return kRunning;
    case AllocState::kStopped:
      return kComplete;
    case AllocState::kLost:
      return kLost;
    case AllocState::kFailed:
      return kFailed;
  }
  return {};
}

InternedString desired_status(const Allocation& a) {
  static const InternedString kEvict("evict"), kStop("stop"), kRun("run");
  if (a.evicted) return kEvict;
  if (a.state == AllocState::kStopped || a.state == AllocState::kLost) return kStop;
  return kRun;
}

}  // namespace

std::vector<AllocationRecord> allocation_history(RunState& state) {
  std::vector<AllocationRecord> out;
  out.reserve(state.allocs.size());
  for (const Allocation& a : state.allocs) {
    const GroupState& names = state.group(a.job, a.group);
    out.push_back(AllocationRecord{.id = a.uid,
                                   .job = names.job_name,
                                   .group = names.group_name,
                                   .index = a.index,
                                   .version = a.version,
                                   .node = state.node_name(a.node),
                                   .previous = a.previous,
                                   .next = a.next,
                                   .placed = a.placed_at,
                                   .running = a.starts > 0 ? a.first_running_at : -1,
                                   .healthy = a.healthy_at,
                                   .ended = a.ended_at,
                                   .restarts = std::max(0, a.starts - 1),
                                   .client_status = client_status(a.state),
                                   .desired_status = desired_status(a),
                                   .end_reason = a.end_reason});
  }
  return out;
}

}  // namespace portolan::models
