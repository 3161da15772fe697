// Fuzz target: the allocation snapshot importer (importers/alloc_json.h), as `portolan import
// --nodes nodes.json --allocs allocations.json web.nomad` runs it, through to the scenario text
// it writes and the validator.
//
// allocations_from_path reads a file, so each input is written to one first (input_file.h). The
// fixed scenario is importers/tests/snapshot's: nodes worker-1..worker-4 and the job "web" (group
// "web", ports http static 8080 and metrics dynamic).
//
// Properties: any bytes either throw ImportError (not JSON, not allocations) or import; the
// scenario with the imported allocations and jobs, printed as `portolan import` prints it,
// parses with the scenario loader and validates without anything else escaping.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz/fuzz_check.h"
#include "fuzz/imported_scenario_check.h"
#include "fuzz/input_file.h"
#include "importers/alloc_json.h"
#include "importers/importer.h"
#include "scenarios/loader.h"

namespace {

using portolan::fuzz::fuzz_check;
namespace im = portolan::importers;
namespace sc = portolan::scenario;

constexpr std::string_view kScenario = R"pb(
  name: "imported"
  cluster {
    pools { name: "worker-1" count: 1 node_names: "worker-1" }
    pools { name: "worker-2" count: 1 node_names: "worker-2" }
    pools { name: "worker-3" count: 1 node_names: "worker-3" }
    pools { name: "worker-4" count: 1 node_names: "worker-4" }
  }
  jobs {
    name: "web"
    groups {
      name: "web"
      count: 3
      network {
        ports { label: "http" static: 8080 }
        ports { label: "metrics" }
      }
      tasks { name: "nginx" driver: "docker" cpu_mhz: 1000 memory_mb: 1024 ports: "http" }
    }
  }
)pb";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const portolan::fuzz::InputFile file("allocations.json");
  const std::string& input_file = file.write(data, size);
  static const sc::LoadedScenario base = sc::parse_text(kScenario, "fixed.textproto");
  im::ImportedScenario imported;
  imported.scenario = base.scenario;
  try {
    im::ImportedAllocations allocs = im::allocations_from_path(input_file, imported.scenario);
    for (auto& j : allocs.jobs) *imported.scenario.add_jobs() = std::move(j);
    for (auto& a : allocs.allocations) *imported.scenario.add_allocations() = std::move(a);
    imported.warnings = std::move(allocs.warnings);
  } catch (const im::ImportError& e) {
    fuzz_check(!e.problems().empty(), "an ImportError lists its problems");
    return 0;
  }
  portolan::fuzz::check_imported_scenario(imported);
  return 0;
}
