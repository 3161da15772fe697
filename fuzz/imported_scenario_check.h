// The property the importer fuzz targets share: what `portolan import` would write parses.
//
// check_imported_scenario(imported) prints the scenario as `portolan import` prints it
// (warnings as comments), parses the text with the scenario loader and validates it. A
// validation problem is fine (it is reported to the user with its line); a text that does not
// parse, or anything else escaping, is a finding.
#ifndef PORTOLAN_FUZZ_IMPORTED_SCENARIO_CHECK_H_
#define PORTOLAN_FUZZ_IMPORTED_SCENARIO_CHECK_H_

#include <string>

#include "fuzz/fuzz_check.h"
#include "importers/importer.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::fuzz {

inline void check_imported_scenario(const importers::ImportedScenario& imported) {
  const std::string text = imported.to_text();
  try {
    const scenario::LoadedScenario loaded = scenario::parse_text(text, "imported.textproto");
    for (const scenario::Problem& p : scenario::validate(loaded)) {
      fuzz_check(!p.to_string().empty(), "a problem has text");
    }
  } catch (const scenario::ScenarioError& e) {
    fuzz_check(false, "the scenario `portolan import` writes parses", e.what() + ("\n" + text));
  }
}

}  // namespace portolan::fuzz

#endif  // PORTOLAN_FUZZ_IMPORTED_SCENARIO_CHECK_H_
