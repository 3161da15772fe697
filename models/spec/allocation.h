// An allocation: one placed copy of a task group, and where it is in its life.
//
// Allocations are owned by the engine's AllocationTable and named by a dense integer id in
// creation order; ids are never reused, so records that name them stay valid.
#ifndef PORTOLAN_MODELS_SPEC_ALLOCATION_H_
#define PORTOLAN_MODELS_SPEC_ALLOCATION_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/cluster/network_index.h"
#include "models/cluster/resources.h"
#include "models/results/allocation_id.h"
#include "models/results/interned_string.h"
#include "models/results/port_bindings.h"
#include "models/spec/lifecycle_policy.h"
#include "sim/time.h"

namespace portolan::models {

enum class AllocState {
  kPending,   // placed by the scheduler, not yet running on its client
  kRunning,   // tasks started
  kStopping,  // asked to stop, in shutdown_delay / kill timeout
  kStopped,   // stopped by the scheduler (scale down, job stop, migration)
  kLost,      // its node went down
  kFailed,    // its tasks failed and the restart policy gave up
};

// Live allocations hold resources and ports on their node.
inline bool is_live(AllocState s) {
  return s == AllocState::kPending || s == AllocState::kRunning || s == AllocState::kStopping;
}

struct Allocation {
  int id = 0;
  int job = 0;    // index into the scenario's jobs
  int group = 0;  // index into the job's groups
  int index = 0;  // Nomad's alloc index: "job.group[index]"
  int node = -1;
  AllocState state = AllocState::kPending;
  ResourceVector resources = ResourceVector::Zero();
  PortBindings ports;  // as placed; `to` is the host port when the ask maps none
  sim::Time placed_at = 0;
  sim::Time running_at = -1;        // its tasks' latest start
  sim::Time first_running_at = -1;  // their first start
  sim::Time ended_at = -1;
  int previous_node = -1;  // the node of the allocation this one replaces, for the penalty
  int version = 0;         // the job version it runs
  bool healthy = false;    // running (checks passing) for min_healthy_time since its last start
  int starts = 0;          // task starts so far, restarts included
  RestartTracker restarts;
  std::vector<RescheduleEvent> reschedules;  // its line's earlier reschedules, oldest first
  // History, for the results (allocations.csv).
  AllocationId uid;           // UUID-shaped, deterministic for the seed
  int previous = -1;          // the allocation it replaces
  int next = -1;              // the allocation that replaces it
  sim::Time healthy_at = -1;  // first time it turned healthy
  bool evicted = false;       // preempted (desired status "evict")
  InternedString end_reason;  // why it ended; empty while live
};

// The ports of a placement as an allocation and its record keep them: each port's host address
// and port, and the port inside the allocation (`to`; 0 or -1 stand for the host port), as
// `nomad alloc status` lists them.
inline PortBindings port_bindings(std::span<const AssignedPort> ports) {
  PortBindings bindings(ports.size());
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const AssignedPort& p = ports[i];
    bindings[i] = PortBinding{.label = p.label,
                              .address = p.address,
                              .value = static_cast<std::uint16_t>(p.value),
                              .to = static_cast<std::uint16_t>(p.to > 0 ? p.to : p.value)};
  }
  return bindings;
}

// The allocations of a run, indexed by id.
using AllocationTable = std::vector<Allocation>;

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_SPEC_ALLOCATION_H_
