// `portolan import`: jobspecs (HCL2 or API JSON) and a node snapshot into one scenario.
//
// A file whose first non-blank character is '{' is API JSON; anything else is an HCL2 jobspec
// for the hcl2json converter. Without a node snapshot the cluster is one default pool
// "client" of 3 nodes, to be edited. A template on a service no imported job provides is
// dropped with a warning (the validator requires a provider). A snapshot's running allocations
// (importers/alloc_json.h) become Scenario.allocations, placed at t = 0. to_text() writes the
// scenario with every warning as a comment above the job, group or task it applies to.
#ifndef PORTOLAN_IMPORTERS_IMPORTER_H_
#define PORTOLAN_IMPORTERS_IMPORTER_H_

#include <string>
#include <vector>

#include "importers/import_warning.h"
#include "importers/job_json.h"
#include "scenarios/scenario.pb.h"

namespace portolan::importers {

struct ImportOptions {
  std::vector<std::string> job_files;
  std::vector<std::string> vars;       // NAME=VALUE, for HCL jobspecs
  std::vector<std::string> var_files;  // for HCL jobspecs
  std::string nodes;                   // a file or directory of node JSON; "": a default pool
  std::string allocs;                  // a file or directory of allocation JSON; needs nodes
};

struct ImportedScenario {
  scenario::Scenario scenario;
  std::vector<ImportWarning> warnings;
  std::string to_text() const;
};

// One job file (HCL or API JSON). Throws ImportError.
ImportedJob import_job_file(const std::string& file, const std::vector<std::string>& vars = {},
                            const std::vector<std::string>& var_files = {});

// Throws ImportError with every problem of the first failing file.
ImportedScenario import_scenario(const ImportOptions& options);

}  // namespace portolan::importers

#endif  // PORTOLAN_IMPORTERS_IMPORTER_H_
