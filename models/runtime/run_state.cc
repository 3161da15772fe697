#include "models/runtime/run_state.h"

namespace portolan::models {

RunState::RunState(const Model& m, sim::Simulator& s) : model(m), sim(s) {
  jobs.resize(model.jobs.size());
  for (std::size_t j = 0; j < model.jobs.size(); ++j) {
    for (const auto& g : model.jobs[j].groups) {
      GroupState state;
      state.desired = g.count;
      jobs[j].groups.push_back(std::move(state));
    }
  }
}

}  // namespace portolan::models
