// The running allocations of a cluster snapshot, to be placed at t = 0 (Scenario.allocations).
//
// Input: the JSON of `GET /v1/allocations?resources=true` or `GET /v1/job/:id/allocations` (lists
// of allocation stubs) or `GET /v1/allocation/:id` (one allocation), a file or a directory of
// such files. An allocation the servers want running (DesiredStatus "run") whose client runs it
// or is starting it (ClientStatus "running" or "pending") holds its node's resources and ports;
// terminal ones hold nothing and are skipped. Its ports are AllocatedResources.Shared.Ports and
// the task-level networks' ports (the pre-0.12 form).
//
// An allocation of an imported job becomes a RunningAllocation of that job when its group and
// ports match the jobspec (a warning otherwise: it ran another version). The allocations of a
// job not imported make a job of their own, a warning saying so: one group per task group,
// with the allocations' task resources, ephemeral disk, network mode and ports (those in the
// network's ReservedPorts static, the others dynamic), count the highest index + 1; it has no
// constraints, services or update block, since a stub carries none.
#ifndef PORTOLAN_IMPORTERS_ALLOC_JSON_H_
#define PORTOLAN_IMPORTERS_ALLOC_JSON_H_

#include <string>
#include <vector>

#include "importers/import_warning.h"
#include "scenarios/scenario.pb.h"

namespace portolan::importers {

struct ImportedAllocations {
  std::vector<scenario::RunningAllocation> allocations;  // by name, then ID
  std::vector<scenario::Job> jobs;                       // made from allocations, by name
  std::vector<ImportWarning> warnings;
};

// `scenario` holds the imported jobs and the snapshot's nodes. Throws ImportError when a file
// cannot be read or is not allocation JSON.
ImportedAllocations allocations_from_path(const std::string& path,
                                          const scenario::Scenario& scenario);

}  // namespace portolan::importers

#endif  // PORTOLAN_IMPORTERS_ALLOC_JSON_H_
