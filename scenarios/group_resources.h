// What one allocation of a group holds on its node, by Nomad's accounting.
//
// Per resource, the largest lifecycle phase, not the sum of the tasks (nomad/structs/
// structs.go AllocatedResources.Comparable): prestart holds every prestart task; main the main
// and poststart tasks and the prestart sidecars; poststop its own. Only memory_mb counts, never
// memory_max_mb (memory oversubscription). Each Connect sidecar service adds the proxy task
// Nomad injects, 250 MHz and 128 MB (nomad/job_endpoint_hook_connect.go
// connectSidecarResources). Disk is the group's ephemeral disk. Defaults must be applied first.
#ifndef PORTOLAN_SCENARIOS_GROUP_RESOURCES_H_
#define PORTOLAN_SCENARIOS_GROUP_RESOURCES_H_

#include <cstdint>

#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

struct GroupResources {
  std::int64_t cpu_mhz = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_mb = 0;
};

// Saturates at INT64_MAX rather than overflowing on absurd task sizes.
GroupResources group_resources(const Group& group);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_GROUP_RESOURCES_H_
