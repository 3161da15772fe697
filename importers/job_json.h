// A Nomad job in its API JSON as portolan scenario Jobs, with Nomad's defaults and a warning for
// everything portolan does not model.
//
// Input: what `nomad job run -output`, `nomad job inspect -json` and `GET /v1/job/:id` print (a
// top-level {"Job": {...}} or the bare job), durations in nanoseconds, including the pre-0.12
// task-level Resources.Networks form. Defaults are the ones Nomad applies when a job is
// registered (api/jobs.go Job.Canonicalize, api/tasks.go, api/services.go): datacenters ["*"],
// type service, priority 50, count 1, task 100 MHz / 300 MB, service provider consul, an
// unnamed service "<job>-<group>" ("<job>-<group>-<task>" at task level). The result is plain
// scenario::Job values the loader's apply_defaults completes; each warning names the job,
// group and task it applies to, with the file position when `positions` (the HCL converter's
// "Positions") has one.
#ifndef PORTOLAN_IMPORTERS_JOB_JSON_H_
#define PORTOLAN_IMPORTERS_JOB_JSON_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "importers/import_warning.h"
#include "scenarios/scenario.pb.h"

namespace portolan::importers {

struct ImportedJob {
  scenario::Job job;
  std::vector<ImportWarning> warnings;
};

// JSON path ("TaskGroups.0.Tasks.1.Vault") -> "FILE:LINE:COLUMN".
using Positions = std::map<std::string, std::string>;

// Throws ImportError (naming `file`) when `doc` is not a job.
ImportedJob job_from_api_json(const nlohmann::json& doc, const std::string& file,
                              const Positions& positions = {});

// Nanoseconds as a Go duration string the scenario schema reads: 30000000000 -> "30s".
std::string duration_text(std::int64_t ns);

}  // namespace portolan::importers

#endif  // PORTOLAN_IMPORTERS_JOB_JSON_H_
