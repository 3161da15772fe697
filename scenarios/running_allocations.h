// Validation of a scenario's running allocations (Scenario.allocations, a snapshot's state at
// t = 0): each names a job, group and node of the scenario and every port of its group, and
// the allocations on one node fit it as Nomad would have placed them: resources within the
// node's capacity less its reservation, no host port held twice on one address or reserved.
//
// Called by the validator; kept apart because it is the one check that sums over the cluster.
#ifndef PORTOLAN_SCENARIOS_RUNNING_ALLOCATIONS_H_
#define PORTOLAN_SCENARIOS_RUNNING_ALLOCATIONS_H_

#include <vector>

#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::scenario {

std::vector<Problem> check_running_allocations(const LoadedScenario& loaded);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_RUNNING_ALLOCATIONS_H_
