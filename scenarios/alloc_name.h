// Allocation names as Nomad writes them: "<job>.<group>[<index>]" (structs.AllocName).
//
// Job and group names may contain dots, so a name is resolved against the scenario's jobs and
// groups rather than split at the first dot.
#ifndef PORTOLAN_SCENARIOS_ALLOC_NAME_H_
#define PORTOLAN_SCENARIOS_ALLOC_NAME_H_

#include <string>

#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

struct AllocName {
  int job = -1;  // index into Scenario.jobs, -1 when no job and group match
  int group = -1;
  int index = -1;  // -1 when the "[<index>]" suffix is missing or not a decimal number
};

// Resolves `name`; a well-formed name whose "<job>.<group>" names no group has job -1.
AllocName resolve_alloc_name(const Scenario& s, const std::string& name);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_ALLOC_NAME_H_
