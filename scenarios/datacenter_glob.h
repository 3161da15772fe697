// Job datacenters with wildcards, as Nomad 1.5+ matches them.
//
// A job's datacenter may hold "*", any run of characters (github.com/ryanuber/go-glob Glob,
// which scheduler/util.go readyNodesInDCsAndPool applies to each node's datacenter); no other
// character is special. Nomad's API default for a job without datacenters is ["*"] (api/jobs.go
// Job.Canonicalize).
#ifndef PORTOLAN_SCENARIOS_DATACENTER_GLOB_H_
#define PORTOLAN_SCENARIOS_DATACENTER_GLOB_H_

#include <string_view>

namespace portolan::scenario {

// Whether `pattern` matches `datacenter`: "*" everything, "dc-*" "dc-1", "dc1" only "dc1".
bool datacenter_matches(std::string_view pattern, std::string_view datacenter);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_DATACENTER_GLOB_H_
