// A candidate cluster: the scenario with the capacity request's shapes as pools of given counts.
//
// A mix holds one count per shape, in the request's order. The candidate's pools are the
// scenario's pools that no shape names (fixed, at their own count), then each shape as a pool
// named after it; with `racks` R > 0, shape S becomes the R pools "S-r0" ... "S-r<R-1>" in
// racks "rack-0" ... and node i of the shape goes to rack i mod R. Pool defaults (scenario.proto)
// are applied to the shapes as to any pool. The cost of a mix is the sum over shapes of
// count x cost_per_hour; fixed pools cost nothing.
#ifndef PORTOLAN_CAPACITY_CANDIDATE_CLUSTER_H_
#define PORTOLAN_CAPACITY_CANDIDATE_CLUSTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "capacity/capacity_request.h"
#include "scenarios/loader.h"

namespace portolan::capacity {

using Mix = std::vector<int>;

double mix_cost(const CapacityRequest& request, const Mix& mix);
int mix_nodes(const Mix& mix);
std::string mix_text(const CapacityRequest& request, const Mix& mix);  // "general=3 large=1"

// One node as the planner reasons about it: schedulable resources (resources - reserved).
struct CandidateNode {
  std::string name;
  std::string pool;
  std::string datacenter;
  std::string rack;  // "" : the datacenter's one rack
  std::int64_t cpu_mhz = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_mb = 0;
  int min_dynamic_port = 20000;
  int max_dynamic_port = 32000;
  std::vector<std::string> drivers;
};

// The candidate's pools, defaults applied, in the order described above.
std::vector<scenario::NodePool> candidate_pools(const scenario::Scenario& base,
                                                const CapacityRequest& request, const Mix& mix);
// Every node of those pools, pool by pool, in joining order.
std::vector<CandidateNode> candidate_nodes(const std::vector<scenario::NodePool>& pools);

struct CandidateCluster {
  Mix mix;
  scenario::LoadedScenario loaded;  // the scenario with the candidate's pools
  std::vector<CandidateNode> nodes;
};

CandidateCluster build_candidate(const scenario::LoadedScenario& base,
                                 const CapacityRequest& request, const Mix& mix);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_CANDIDATE_CLUSTER_H_
