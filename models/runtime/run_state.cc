#include "models/runtime/run_state.h"

#include <algorithm>
#include <cstddef>

namespace portolan::models {
namespace {

constexpr std::size_t kReserveLimit = 50'000'000;

}  // namespace

RunState::RunState(const Model& m, sim::Simulator& s) : model(m), sim(s) {
  jobs.resize(model.jobs.size());
  std::size_t asked = 0;
  for (std::size_t j = 0; j < model.jobs.size(); ++j) {
    for (const auto& g : model.jobs[j].groups) {
      GroupState state;
      state.job_name = g.job_name;
      state.group_name = g.group_name;
      state.desired = g.count;
      jobs[j].groups.push_back(std::move(state));
      asked += static_cast<std::size_t>(std::max(0, g.count));
    }
  }
  // Room for the allocations the jobs ask for at first, so that a run of millions does not
  // copy its table and its placement records through every doubling. A hint: a run may place
  // more (replacements, system jobs) or fewer; the pages are touched only when used.
  asked = std::min(asked, kReserveLimit);
  allocs.reserve(asked);
  result.placements.reserve(asked);
}

InternedString RunState::node_name(int node) {
  const auto at = static_cast<std::size_t>(node);
  while (node_names_.size() <= at) {
    node_names_.emplace_back(cluster.node(static_cast<int>(node_names_.size())).name);
  }
  return node_names_[at];
}

}  // namespace portolan::models
