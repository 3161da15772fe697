// Scenario.generate (scenario.proto JobGenerator): many similar jobs written once, expanded by
// the loader into plain jobs and submit_job events before defaults, --set and validation.
//
// Contract:
// - Generator g's job k (k = 0 .. count - 1) is a copy of its template named by its pattern at
//   index first + k. Generated jobs are appended to `jobs` after the file's own, generators in
//   order; when the generator sets submit_at or submit_every, job k's submit_job event at
//   submit_at + k * submit_every is appended to `timeline` after the file's own events.
// - After expansion `generate` is empty: what follows sees only jobs and events, the same
//   message a file with them written out would give (to_text prints them written out).
// - A bad generator (no or two %d, a count out of range, a template with a name, a bad
//   duration) throws ScenarioError with every such problem, each "FILE:LINE: generate[g]: ...".
//   Problems in the generated jobs themselves are the validator's; LoadedScenario::line_of
//   maps their paths back to the generator's lines (GeneratedRange).
#ifndef PORTOLAN_SCENARIOS_JOB_GENERATOR_H_
#define PORTOLAN_SCENARIOS_JOB_GENERATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scenarios/loader.h"

namespace portolan::scenario {

inline constexpr int kMaxGeneratedJobs = 1'000'000;

// Expands loaded->scenario.generate, recording each generator's ranges in loaded->generated.
void expand_generators(LoadedScenario* loaded);

// The name of index `index` under `pattern` ("svc-%02d", 7 -> "svc-07"); nullopt with `error`
// set when the pattern is not one integer conversion among literal text.
std::optional<std::string> generated_name(std::string_view pattern, std::int64_t index,
                                          std::string* error);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_JOB_GENERATOR_H_
