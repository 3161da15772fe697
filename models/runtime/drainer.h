// Node drains (nomad/drainer): a draining node is ineligible at once, and its allocations
// leave under each group's migrate block.
//
// Contract. Per group, at most migrate.max_parallel allocations of one draining node are in
// flight: stopped, with a replacement that is not yet healthy and not yet past the migrate
// block's healthy_deadline. Each placement of a group with a migration in flight becomes the
// replacement of its oldest migration still without one. System allocations leave last, once
// nothing else is left on the node; at the drain's deadline whatever is left stops at once.
#ifndef PORTOLAN_MODELS_RUNTIME_DRAINER_H_
#define PORTOLAN_MODELS_RUNTIME_DRAINER_H_

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "models/runtime/run_state.h"

namespace portolan::models {

class EvalBroker;
class PlanApplier;

class Drainer {
 public:
  Drainer(RunState& state, PlanApplier& plans, EvalBroker& broker)
      : state_(state), plans_(plans), broker_(broker) {}

  // Starts draining `node`; what is left after `deadline` is stopped then.
  void drain(int node, sim::Time deadline);
  // A new allocation was placed: it may replace a migrated one.
  void on_placed(int id);
  // An allocation turned healthy: the migration it replaced is done.
  void on_healthy(int id);

 private:
  // One allocation stopped by a drain, and the allocation that replaces it.
  struct Migration {
    int node = 0;
    int job = 0;
    int group = 0;
    int replacement = -1;
  };

  void advance(int node);
  // Migrations of the group off `node` still in flight.
  int in_flight(int job, int group, int node) const;
  void migration_done(int token);
  void deadline_passed(int node);

  RunState& state_;
  PlanApplier& plans_;
  EvalBroker& broker_;
  std::set<int> draining_;  // nodes whose drain is under way
  std::vector<Migration> migrations_;
  // (job, group) -> indexes into migrations_ still in flight
  std::map<std::pair<int, int>, std::set<int>> migrating_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_DRAINER_H_
