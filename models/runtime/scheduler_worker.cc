#include "models/runtime/scheduler_worker.h"

#include <algorithm>
#include <set>

#include "models/feasible/scoring.h"
#include "models/placement/optimal_placement.h"
#include "models/placement/preemption.h"
#include "models/runtime/deployment_watcher.h"
#include "models/runtime/eval_broker.h"
#include "models/runtime/plan_applier.h"

namespace portolan::models {

void SchedulerWorker::evaluate(const std::vector<int>& jobs) {
  if (policy_.batch()) {
    evaluate_batch(jobs);
    return;
  }
  for (const int job : jobs) {
    if (!broker_.dequeue(job)) continue;
    if (state_.is_system(job)) {
      evaluate_system(job);
    } else {
      evaluate_generic(job);
    }
  }
}

Evaluation SchedulerWorker::begin(int job, bool batch_stack) {
  const JobSpec& js = state_.spec(job);
  const int ordinal = evaluations_[job]++;
  return scheduler_.begin_evaluation(
      state_.cluster, js.datacenters, js.node_pool, batch_stack,
      streams_.stream("eval/" + js.name + "#" + std::to_string(ordinal)));
}

void SchedulerWorker::evaluate_generic(int job) {
  const JobSpec& js = state_.spec(job);
  Evaluation eval = begin(job, js.type == JobType::kBatch);
  Reconciled r = reconciler_.reconcile(job, eval);
  std::map<const GroupAsk*, int> failures;  // the group's first failed attempt
  PreemptedCount preempted;
  for (const auto& [ask, index] : r.missing) {
    if (const auto f = failures.find(ask); f != failures.end()) {
      plans_.record_coalesced_failure(*ask, index, f->second);
      continue;
    }
    PlacementChoice choice = scheduler_.select(state_.cluster, state_.allocs, eval, *ask);
    if (choice.node < 0 && choice.metric.nodes_exhausted > 0 && preempts(js.type)) {
      if (const int node = preemption_node(job, *ask, eval, preempted); node >= 0) {
        preempt_for(job, *ask, node, preempted);
        choice = scheduler_.select_on(state_.cluster, eval, *ask, node);
      }
    }
    if (choice.node >= 0) {
      plans_.place(*ask, index, std::move(choice));
      continue;
    }
    failures.emplace(ask, plans_.record_failure(*ask, index, choice));
    r.unplaced = true;
  }
  finish(job, r);
}

void SchedulerWorker::evaluate_batch(const std::vector<int>& batch) {
  std::vector<int> jobs;
  std::vector<Reconciled> reconciled;
  std::vector<const GroupAsk*> asks;
  std::vector<std::pair<std::size_t, int>> owners;  // (index into jobs, name index)
  for (const int job : batch) {
    if (!broker_.dequeue(job)) continue;
    if (state_.is_system(job)) {
      evaluate_system(job);
      continue;
    }
    const JobSpec& js = state_.spec(job);
    Evaluation eval = begin(job, js.type == JobType::kBatch);
    Reconciled r = reconciler_.reconcile(job, eval);
    for (const auto& [ask, index] : r.missing) {
      asks.push_back(ask);
      owners.emplace_back(jobs.size(), index);
    }
    jobs.push_back(job);
    reconciled.push_back(std::move(r));
  }
  if (!asks.empty()) {
    const std::vector<PlacementChoice> choices =
        place_batch_optimal(state_.cluster, state_.allocs, asks, scheduler_);
    for (std::size_t i = 0; i < asks.size(); ++i) {
      const auto [owner, index] = owners[i];
      if (choices[i].node >= 0) {
        plans_.place(*asks[i], index, choices[i]);
      } else {
        plans_.record_failure(*asks[i], index, choices[i]);
        reconciled[owner].unplaced = true;
      }
    }
  }
  for (std::size_t j = 0; j < jobs.size(); ++j) finish(jobs[j], reconciled[j]);
}

void SchedulerWorker::finish(int job, const Reconciled& r) {
  JobState& s = state_.job(job);
  s.blocked = r.unplaced;
  if (s.deployment >= 0 && r.rolled_out && !r.unplaced) deployments_.end(job, "successful");
  if (r.freed) broker_.capacity_changed();
}

void SchedulerWorker::evaluate_system(int job) {
  const JobSpec& js = state_.spec(job);
  JobState& s = state_.job(job);
  Evaluation eval = begin(job, js.type == JobType::kSysbatch);
  s.system_unplaced.clear();
  PreemptedCount preempted;
  for (std::size_t g = 0; g < js.groups.size(); ++g) {
    const GroupAsk& ask = js.groups[g];
    std::set<int> covered;
    for (const int id : s.groups[g].live) covered.insert(state_.alloc(id).node);
    for (int node = 0; node < state_.cluster.size(); ++node) {
      const Node& n = state_.cluster.node(node);
      if (!n.schedulable_now() || covered.count(node) != 0 || !in_node_pool(n.shape, js.node_pool))
        continue;
      if (std::find(js.datacenters.begin(), js.datacenters.end(), n.shape.datacenter) ==
          js.datacenters.end()) {
        continue;
      }
      PlacementChoice choice = scheduler_.select_on(state_.cluster, eval, ask, node);
      if (choice.node < 0 && choice.metric.nodes_exhausted > 0 && preempts(js.type) &&
          preempt_for(job, ask, node, preempted)) {
        choice = scheduler_.select_on(state_.cluster, eval, ask, node);
      }
      if (choice.node >= 0) {
        plans_.place(ask, 0, std::move(choice));  // system allocations are all "job.group[0]"
      } else if (choice.metric.nodes_exhausted > 0) {
        plans_.record_failure(ask, 0, choice);
        s.system_unplaced.insert({static_cast<int>(g), node});
      }
    }
  }
  s.blocked = !s.system_unplaced.empty();
}

bool SchedulerWorker::preempts(JobType type) const {
  switch (type) {
    case JobType::kSystem:
      return state_.model.system_preemption;
    case JobType::kSysbatch:
      return state_.model.sysbatch_preemption;
    case JobType::kBatch:
      return state_.model.batch_preemption;
    case JobType::kService:
      return state_.model.service_preemption;
  }
  return false;
}

std::optional<std::vector<int>> SchedulerWorker::preemption_plan(
    int job, const GroupAsk& ask, int node, const PreemptedCount& preempted) const {
  const Node& n = state_.cluster.node(node);
  std::vector<PreemptionCandidate> candidates;
  for (const int id : n.allocs) {
    const Allocation& a = state_.alloc(id);
    const GroupAsk& theirs = state_.ask(a.job, a.group);
    PreemptionCandidate c;
    c.id = id;
    c.priority = state_.spec(a.job).priority;
    c.resources = a.resources;
    c.max_parallel = theirs.migrate.max_parallel;
    const auto count = preempted.find({a.job, a.group});
    c.already_preempted = count == preempted.end() ? 0 : count->second;
    for (std::size_t i = 0; i < a.ports.size(); ++i) {
      for (const auto& asked : theirs.ports) {
        if (asked.label == a.ports[i].label && asked.static_port > 0)
          c.static_ports.push_back(a.ports[i].value);
      }
    }
    candidates.push_back(std::move(c));
  }
  std::vector<int> static_ports;
  for (const auto& p : ask.ports) {
    if (p.static_port > 0) static_ports.push_back(p.static_port);
  }
  return plan_preemption(state_.spec(job).priority, n.schedulable() - state_.cluster.used(node),
                         ask.resources, static_ports, candidates);
}

void SchedulerWorker::evict(int job, int node, const std::vector<int>& plan,
                            PreemptedCount& preempted) {
  const Node& n = state_.cluster.node(node);
  std::set<int> affected;
  for (const int id : plan) {
    const Allocation& a = state_.alloc(id);
    ++preempted[{a.job, a.group}];
    affected.insert(a.job);
    state_.result.preemptions.push_back(
        PreemptionRecord{.time = state_.sim.now(),
                         .job = state_.spec(a.job).name,
                         .group = state_.ask(a.job, a.group).group_name,
                         .alloc_index = a.index,
                         .node = n.name,
                         .by_job = state_.spec(job).name});
    plans_.stop(id, StopCause::kPreempted, state_.spec(job).name);
  }
  for (const int other : affected) broker_.enqueue(other);
}

bool SchedulerWorker::preempt_for(int job, const GroupAsk& ask, int node,
                                  PreemptedCount& preempted) {
  const auto plan = preemption_plan(job, ask, node, preempted);
  if (!plan || plan->empty()) return false;
  evict(job, node, *plan, preempted);
  return true;
}

int SchedulerWorker::preemption_node(int job, const GroupAsk& ask, Evaluation& eval,
                                     const PreemptedCount& preempted) {
  int best = -1;
  double best_net = 0;
  for (const int node : eval.order) {
    const PlacementChoice fit = scheduler_.select_on(state_.cluster, eval, ask, node);
    if (fit.node >= 0 || fit.metric.nodes_exhausted == 0) continue;  // fits, or filtered
    const auto plan = preemption_plan(job, ask, node, preempted);
    if (!plan || plan->empty()) continue;
    std::vector<int> priorities;
    for (const int id : *plan) priorities.push_back(state_.spec(state_.alloc(id).job).priority);
    const double net = net_priority(priorities);
    if (best < 0 || net < best_net) {
      best = node;
      best_net = net;
    }
  }
  return best;
}

}  // namespace portolan::models
