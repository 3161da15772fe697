// The allocations' history for the results (allocations.csv): one record per allocation, in
// the terms of `nomad alloc status` (client status, desired status, previous and next
// allocation).
//
// Contract. Called once, after the run: the records copy the allocations' ids (16 bytes) and
// interned names and end reasons (4 bytes each), so the table is left as it was. Client
// status: pending (placed, not running), running, complete (stopped by the servers), failed
// (the restart policy gave up), lost (its node was marked down). Desired status: evict for a
// preempted allocation, stop for any other the servers stopped, run otherwise (Nomad keeps
// "run" on a failed allocation).
#ifndef PORTOLAN_MODELS_RUNTIME_HISTORY_H_
#define PORTOLAN_MODELS_RUNTIME_HISTORY_H_

#include <vector>

#include "models/results/results.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

std::vector<AllocationRecord> allocation_history(RunState& state);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_HISTORY_H_
