// Loading scenario files: parsing with positions, defaults, text round trips.
//
// A LoadedScenario keeps, beside the message, where each field was written (a
// google::protobuf::TextFormat::ParseInfoTree), so that the validator can name the line of a
// bad value. Protobuf's text parser stops at the first syntax error; it is reported as
// "FILE:LINE:COLUMN: message" (the semantic validator, by contrast, lists every problem).
#ifndef PORTOLAN_SCENARIOS_LOADER_H_
#define PORTOLAN_SCENARIOS_LOADER_H_

#include <google/protobuf/text_format.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

// Input a user must fix: every problem found, each a complete line of text.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> problems)
      : std::runtime_error(problems.empty() ? "invalid scenario" : problems.front()),
        problems_(std::move(problems)) {}
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// One step of a path into the message: a field name and, for a repeated field, an index.
struct PathStep {
  std::string field;
  int index = -1;
};
using FieldPath = std::vector<PathStep>;

// Where a generator's output went (scenarios/job_generator.h): jobs [first_job, first_job +
// jobs) and timeline events [first_event, first_event + events) of the expanded scenario.
struct GeneratedRange {
  int generator = 0;
  int first_job = 0;
  int jobs = 0;
  int first_event = 0;
  int events = 0;
};

// A value given by `--set` (or Python's Scenario.set) after the file was parsed: the field it
// reached, positions resolved ("jobs[\"web\"]" becomes jobs[0]), and the assignment's text.
struct Override {
  FieldPath path;
  std::string text;  // "--set run.horizon=bogus", as messages name it
};

struct LoadedScenario {
  Scenario scenario;
  std::string source_name;  // the file name, or what the caller called the text
  std::shared_ptr<const google::protobuf::TextFormat::ParseInfoTree> positions;
  std::vector<GeneratedRange> generated;  // by generator; empty when the file has none
  std::vector<Override> overrides;        // in the order applied; problems in them name the --set

  // The 1-based line where the field at `path` (or, when it was not written, its nearest
  // written ancestor) appears; 0 when unknown. A generated job's path is read as its
  // generator's (jobs[i].groups[0] -> generate[g].job.groups[0], jobs[i].name ->
  // generate[g].name), a generated event's as its generator's submit_every or submit_at.
  int line_of(const FieldPath& path) const;
};

// Parses `path`; throws ScenarioError naming the file (unreadable) or every syntax error.
// Before protobuf's parser, a scan of braces (outside strings and comments) finds an unbalanced
// block: a `{` never closed is reported where it opened ("FILE:3:10: `groups {` is never
// closed"), a `}` that closes nothing where it is; an unknown field gets the nearest field
// name of its message ("did you mean \"count\"?").
// Then expands the generators (scenarios/job_generator.h) and applies defaults;
// `scenario.name` defaults to the file name without its extension.
LoadedScenario load_file(const std::string& path);
LoadedScenario parse_text(std::string_view text, std::string_view source_name);

// Fills every absent field with its documented default (Nomad's, see scenario.proto), so the
// models read plain values. Idempotent.
void apply_defaults(Scenario* scenario);

std::string to_text(const Scenario& scenario);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_LOADER_H_
