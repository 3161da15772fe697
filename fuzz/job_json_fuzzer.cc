// Fuzz target: the API JSON job importer (importers/job_json.h), as `portolan import JOB.json`
// runs it, through to the scenario text it writes and the validator.
//
// HCL2 jobspecs are not fuzzed here: the importer runs the Go converter importers/hcl2json as a
// process per file (about 250 files/s), too slow for libFuzzer; its output is this same API
// JSON, so this target covers everything of ours after the converter.
//
// The input goes through import_job_file (written to a file first, input_file.h), so the JSON
// parser's errors are the importer's. Properties: any bytes starting with '{' either throw
// ImportError or import; the imported scenario, printed as `portolan import` prints it (warnings
// as comments), parses with the scenario loader and validates without anything else escaping.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "fuzz/fuzz_check.h"
#include "fuzz/imported_scenario_check.h"
#include "fuzz/input_file.h"
#include "importers/importer.h"
#include "scenarios/loader.h"

namespace {

using portolan::fuzz::fuzz_check;
namespace im = portolan::importers;
namespace sc = portolan::scenario;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // import_job_file sends a file not starting with '{' to the HCL converter: not fuzzed here.
  std::size_t first = 0;
  // JSON's whitespace, as the importer's looks_like_json reads it (not std::isspace: a '\f'
  // before the '{' sends the file to the converter).
  while (first < size && (data[first] == ' ' || data[first] == '\n' || data[first] == '\t' ||
                          data[first] == '\r')) {
    ++first;
  }
  if (first == size || data[first] != '{') return 0;
  static const portolan::fuzz::InputFile file("job.json");
  const std::string& path = file.write(data, size);
  im::ImportedScenario imported;
  imported.scenario.set_name("imported");
  sc::NodePool* pool = imported.scenario.mutable_cluster()->add_pools();
  pool->set_name("client");
  pool->set_count(3);
  try {
    im::ImportedJob job = im::import_job_file(path);
    *imported.scenario.add_jobs() = std::move(job.job);
    imported.warnings = std::move(job.warnings);
  } catch (const im::ImportError& e) {
    fuzz_check(!e.problems().empty(), "an ImportError lists its problems");
    return 0;
  }
  portolan::fuzz::check_imported_scenario(imported);
  return 0;
}
