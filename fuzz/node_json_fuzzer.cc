// Fuzz target: the node snapshot importer (importers/node_json.h), as `portolan import --nodes
// nodes.json` runs it, through to the scenario text it writes and the validator.
//
// The input goes through nodes_from_path (written to a file first, input_file.h), so the JSON
// parser's errors are the importer's. Properties: any bytes import (the reader is lenient: a
// mistyped field reads as its zero value) or throws ImportError; the imported pools, printed as
// `portolan import` prints them, parse with the scenario loader and validate without anything else
// escaping.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "fuzz/fuzz_check.h"
#include "fuzz/imported_scenario_check.h"
#include "fuzz/input_file.h"
#include "importers/importer.h"
#include "importers/node_json.h"
#include "scenarios/loader.h"

namespace {

using portolan::fuzz::fuzz_check;
namespace im = portolan::importers;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const portolan::fuzz::InputFile file("nodes.json");
  const std::string& path = file.write(data, size);
  im::ImportedScenario imported;
  imported.scenario.set_name("imported");
  try {
    im::ImportedNodes nodes = im::nodes_from_path(path);
    if (nodes.pools.empty()) return 0;  // `portolan import` stops: "no ready node"
    for (auto& p : nodes.pools) *imported.scenario.mutable_cluster()->add_pools() = std::move(p);
    imported.warnings = std::move(nodes.warnings);
  } catch (const im::ImportError& e) {
    fuzz_check(!e.problems().empty(), "an ImportError lists its problems");
    return 0;
  }
  portolan::fuzz::check_imported_scenario(imported);
  return 0;
}
