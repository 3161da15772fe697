// HCL2 jobspecs through HashiCorp's HCL library: runs the hcl2json converter (importers/hcl2json,
// Go, built by CMake when a Go toolchain and Debian's golang-github-hashicorp-hcl-v2-dev are
// present) and returns the API JSON it prints, with where each field was written.
//
// The converter is found at $PORTOLAN_HCL2JSON, else where the build put it. When neither exists
// the import fails with a message saying so (API JSON jobs import without it).
#ifndef PORTOLAN_IMPORTERS_HCL_JOBSPEC_H_
#define PORTOLAN_IMPORTERS_HCL_JOBSPEC_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "importers/job_json.h"

namespace portolan::importers {

struct ConvertedJobspec {
  nlohmann::json job;  // {"Job": {...}}
  Positions positions;
};

// The converter's path, or "" when HCL import is unavailable.
std::string hcl2json_path();

// Throws ImportError with the converter's "FILE:LINE:COLUMN: message" lines.
ConvertedJobspec convert_hcl(const std::string& file, const std::vector<std::string>& vars,
                             const std::vector<std::string>& var_files = {});

}  // namespace portolan::importers

#endif  // PORTOLAN_IMPORTERS_HCL_JOBSPEC_H_
