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

#include "scenarios/scenario.pb.h"

namespace portolan::scenario {

// Throws ScenarioError naming the path and the segment that failed, or the value that does
// not convert. Position index one past the end appends a new element.
void set_field(Scenario* scenario, std::string_view path, std::string_view value);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_FIELD_PATH_H_
