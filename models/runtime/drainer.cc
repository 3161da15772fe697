#include "models/runtime/drainer.h"

#include "models/runtime/eval_broker.h"
#include "models/runtime/plan_applier.h"

namespace portolan::models {

void Drainer::drain(int node, sim::Time deadline) {
  if (node < 0) return;
  Node& n = state_.cluster.node(node);
  n.eligible = false;
  n.draining = true;
  draining_.insert(node);
  state_.record_node_event(node, "drain started");
  state_.sim.schedule_after(deadline, [this, node] { deadline_passed(node); });
  advance(node);
}

void Drainer::advance(int node) {
  if (draining_.count(node) == 0) return;
  const std::vector<int> live = state_.cluster.node(node).allocs;
  std::set<int> affected;
  bool others_left = false;
  for (const int id : live) {
    const Allocation& a = state_.alloc(id);
    if (state_.is_system(a.job)) continue;
    const MigratePolicy& migrate = state_.ask(a.job, a.group).migrate;
    others_left = true;
    if (in_flight(a.job, a.group, node) >= migrate.max_parallel) continue;
    const int token = static_cast<int>(migrations_.size());
    migrations_.push_back(Migration{.node = node, .job = a.job, .group = a.group});
    migrating_[{a.job, a.group}].insert(token);
    affected.insert(a.job);
    plans_.stop(id, StopCause::kDrained);
    state_.sim.schedule_after(migrate.healthy_deadline, [this, token] { migration_done(token); });
  }
  if (!others_left) {
    // Only system allocations are left (or none): they stop last.
    for (const int id : live) plans_.stop(id, StopCause::kDrained);
    draining_.erase(node);
    state_.record_node_event(node, "drain complete");
  }
  for (const int job : affected) broker_.enqueue(job);
}

int Drainer::in_flight(int job, int group, int node) const {
  const auto it = migrating_.find({job, group});
  if (it == migrating_.end()) return 0;
  int n = 0;
  for (const int token : it->second) {
    n += migrations_[static_cast<std::size_t>(token)].node == node ? 1 : 0;
  }
  return n;
}

// A migration's replacement is healthy, or its healthy_deadline passed: the next may go.
void Drainer::migration_done(int token) {
  const Migration& m = migrations_[static_cast<std::size_t>(token)];
  if (migrating_[{m.job, m.group}].erase(token) == 0) return;
  advance(m.node);
}

void Drainer::deadline_passed(int node) {
  if (draining_.erase(node) == 0) return;
  const std::vector<int> live = state_.cluster.node(node).allocs;
  state_.record_node_event(node, "drain complete",
                           "deadline: " + std::to_string(live.size()) + " allocations stopped");
  std::set<int> affected;
  for (const int id : live) {
    affected.insert(state_.alloc(id).job);
    plans_.stop(id, StopCause::kDrainDeadline);
  }
  for (const int job : affected) {
    if (!state_.is_system(job)) broker_.enqueue(job);
  }
}

void Drainer::on_placed(int id) {
  const Allocation& a = state_.alloc(id);
  const auto it = migrating_.find({a.job, a.group});
  if (it == migrating_.end()) return;
  for (const int token : it->second) {
    Migration& m = migrations_[static_cast<std::size_t>(token)];
    if (m.replacement >= 0) continue;
    m.replacement = id;
    break;
  }
}

void Drainer::on_healthy(int id) {
  const Allocation& a = state_.alloc(id);
  const auto it = migrating_.find({a.job, a.group});
  if (it == migrating_.end()) return;
  int done = -1;
  for (const int token : it->second) {
    if (migrations_[static_cast<std::size_t>(token)].replacement == id) done = token;
  }
  if (done >= 0) migration_done(done);
}

}  // namespace portolan::models
