// One row of timeseries.csv: the cluster's state at a sample time (docs/metrics.md).
//
// Contract. Reads the run state, changes nothing. `queued` counts the allocations asked for
// and not placed (system jobs: the feasible nodes they could not fill); fragmentation is
// Cluster::fragmentation over the asks of the groups with allocations waiting then.
#ifndef PORTOLAN_MODELS_RUNTIME_SAMPLER_H_
#define PORTOLAN_MODELS_RUNTIME_SAMPLER_H_

#include "models/results/results.h"
#include "models/runtime/run_state.h"

namespace portolan::models {

TimeseriesSample sample(const RunState& state, sim::Time t);

// The placement quality of the cluster now (results.h PlacementQuality).
PlacementQuality placement_quality(const RunState& state);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_SAMPLER_H_
