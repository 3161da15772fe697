// Setting a scenario field by its path, for the CLI's --set and Python's Scenario.set.
//
// A path is dot-separated field names of scenario.proto, each optionally indexed:
//   run.seed                          cluster.pools[0].count
//   jobs["web"].groups["app"].count   jobs[1].groups[0].network.ports[0].static
// An index is a position, or a quoted name matching the element's `name` field (for ports, its
// `label`). A repeated scalar takes a comma-separated list ("dc1,dc2"); a map field is indexed
// by key (cluster.pools[0].attributes["rack"]). The value is converted to the field's type.
#ifndef PORTOLAN_SCENARIOS_FIELD_PATH_H_
#define PORTOLAN_SCENARIOS_FIELD_PATH_H_

#include <string_view>

#include "scenarios/loader.h"
#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

// Throws ScenarioError naming the path and the segment that failed, or the value that does
// not convert. Position index one past the end appends a new element. Returns the path of the
// field set, positions resolved (for a map entry, the map field).
FieldPath set_field(Scenario* scenario, std::string_view path, std::string_view value);

// set_field on a loaded scenario, remembered in its overrides so that validation problems in
// the value name the --set ("--set run.horizon=bogus: run: ...").
// `origin` prefixes the assignment's text in messages ("--set ", Python's "Scenario.set ").
void apply_set(LoadedScenario* loaded, std::string_view path, std::string_view value,
               std::string_view origin = "--set ");

// The protobuf type of the scalar field `path` names ("string", "int32", "int64", "uint64",
// "double", "bool"), for Python's Scenario.set to check a value's type at once; throws
// ScenarioError as set_field does for a path that names no scalar field. A repeated scalar
// gives "repeated string" etc.; a map value "string".
std::string field_type(const Scenario& scenario, std::string_view path);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_FIELD_PATH_H_
