// Fuzz target: scenario text through the loader and the validator, as `portolan validate` reads
// a file.
//
// Properties: any bytes either fail to load with a ScenarioError or load and validate (a list of
// problems, each printable); nothing else escapes, no sanitizer report. A loaded scenario printed
// with to_text parses again and prints the same text (Python's sweep sends scenarios to its
// workers as text, so the round trip must hold for whatever loads).
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace {

using portolan::fuzz::fuzz_check;
namespace sc = portolan::scenario;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);  // the loader reports parse errors itself
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sc::LoadedScenario loaded;
  try {
    loaded = sc::parse_text(text, "fuzz.textproto");
  } catch (const sc::ScenarioError& e) {
    fuzz_check(!e.problems().empty(), "a ScenarioError lists its problems");
    return 0;
  }
  for (const sc::Problem& p : sc::validate(loaded)) {
    fuzz_check(!p.to_string().empty(), "a problem has text");
  }
  const std::string printed = sc::to_text(loaded.scenario);
  try {
    const sc::LoadedScenario again = sc::parse_text(printed, "printed.textproto");
    fuzz_check(sc::to_text(again.scenario) == printed, "to_text is stable over a reparse", printed);
  } catch (const sc::ScenarioError& e) {
    fuzz_check(false, "a loaded scenario's to_text parses again", e.what() + ("\n" + printed));
  }
  return 0;
}
