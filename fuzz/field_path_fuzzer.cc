// Fuzz target: the --set field path parser (scenarios/field_path.h) on a fixed scenario, then
// the validator, as `portolan run FILE --set PATH=VALUE ...` does.
//
// Input: lines of PATH=VALUE, split at the first '=' as the CLI splits a --set. Properties: each
// set_field either succeeds or throws ScenarioError (the next line is still applied, to reach
// deeper paths); the result validates without anything else escaping, and its to_text parses
// again (Scenario.set in Python edits a scenario that then travels as text).
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace {

using portolan::fuzz::fuzz_check;
namespace sc = portolan::scenario;

// scenarios/examples/hello.textproto with map fields, a second timeline event and an update
// block, so that paths of every kind (position, name, map key, repeated scalar) have a target.
constexpr std::string_view kScenario = R"pb(
  name: "hello"
  cluster {
    pools {
      name: "web"
      count: 3
      resources { cpu_mhz: 4000 memory_mb: 8192 }
      attributes { key: "rack" value: "r1" }
    }
  }
  jobs {
    name: "cache"
    groups {
      name: "redis"
      network { ports { label: "db" to: 6379 } }
      services { name: "redis" port: "db" provider: "nomad" }
      tasks { name: "redis" driver: "docker" cpu_mhz: 500 memory_mb: 256 ports: "db" }
    }
  }
  jobs {
    name: "hello"
    groups {
      name: "app"
      count: 2
      network { ports { label: "http" to: 8080 } }
      tasks {
        name: "app"
        cpu_mhz: 250
        memory_mb: 128
        ports: "http"
        env { key: "REDIS" value: "x" }
        templates { service: "redis" }
      }
    }
  }
  timeline {
    at: "2m"
    fail_node { node: "web-1" }
  }
  timeline {
    at: "3m"
    recover_node { node: "web-1" }
  }
  run { seed: 1 horizon: "10m" }
)pb";

const sc::LoadedScenario& base() {
  static const sc::LoadedScenario loaded = sc::parse_text(kScenario, "fixed.textproto");
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  fuzz_check(sc::validate(base()).empty(), "the fixed scenario is valid");
  (void)sc::parse_text(sc::to_text(base().scenario), "printed.textproto");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The copy of the fixed scenario is made at the first PATH=VALUE line, and the checks below
  // run only when a set succeeded: an input that edits nothing leaves the fixed scenario, which
  // LLVMFuzzerInitialize validated and round-tripped once. Most mutated inputs edit nothing,
  // and the copy, validation and round trip were most of the target's time.
  std::optional<sc::LoadedScenario> edited;
  bool changed = false;
  while (!input.empty()) {
    const std::size_t end = input.find('\n');
    const std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    if (!edited) edited.emplace(base());
    try {
      sc::set_field(&edited->scenario, line.substr(0, eq), line.substr(eq + 1));
      changed = true;
    } catch (const sc::ScenarioError& e) {
      fuzz_check(!e.problems().empty(), "a ScenarioError lists its problems");
    }
  }
  if (!changed) return 0;
  for (const sc::Problem& p : sc::validate(*edited)) {
    fuzz_check(!p.to_string().empty(), "a problem has text");
  }
  const std::string printed = sc::to_text(edited->scenario);
  try {
    (void)sc::parse_text(printed, "printed.textproto");
  } catch (const sc::ScenarioError& e) {
    fuzz_check(false, "a scenario edited by set_field prints as text that parses",
               e.what() + ("\n" + printed));
  }
  return 0;
}
