// Semantic validation of a loaded scenario: every problem at once, each with where it is.
//
// A problem names its place the way a user reads the scenario, e.g.
//   hello.textproto:12: job "hello" group "app" port "redis": static 70000 is not a port
// The line is the one of the offending field when it was written in the file (0 when it was
// not, e.g. a value set by --set). Validation runs after defaults are applied.
#ifndef PORTOLAN_SCENARIOS_VALIDATOR_H_
#define PORTOLAN_SCENARIOS_VALIDATOR_H_

#include <string>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/run_memory.h"

namespace portolan::scenario {

struct Problem {
  std::string source;  // the file
  int line = 0;        // 1-based; 0 when unknown
  std::string where;   // e.g. job "hello" group "app" port "redis"
  std::string message;
  FieldPath path;  // the field reported, for tests and for naming the --set that gave it

  std::string to_string() const;
};

struct ValidateOptions {
  // A run whose estimated memory (scenarios/run_memory.h) exceeds this is refused; the CLI's
  // --max-memory sets it.
  double max_memory_bytes = kDefaultMaxMemoryBytes;
};

// A problem in a value a --set gave (LoadedScenario::overrides) names the --set instead of a
// line: "--set run.horizon=bogus: run: horizon \"bogus\" is not a duration".
std::vector<Problem> validate(const LoadedScenario& loaded, const ValidateOptions& options = {});

// Throws ScenarioError carrying every problem's text when there is any.
void validate_or_throw(const LoadedScenario& loaded, const ValidateOptions& options = {});

// Parses Nomad's port list syntax "22,80,8000-8100"; false on bad syntax or a port outside
// 1..65535.
bool parse_port_list(const std::string& text, std::vector<int>* ports);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_VALIDATOR_H_
