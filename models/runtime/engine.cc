#include "models/runtime/engine.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "models/discovery/discovery.h"
#include "models/placement/optimal_placement.h"
#include "models/placement/preemption.h"
#include "models/placement/scheduler.h"
#include "models/runtime/liveness.h"
#include "models/runtime/rollout.h"
#include "sim/simulator.h"

namespace portolan::models {
namespace {

// A failed allocation whose replacement waits out its reschedule delay.
struct PendingReschedule {
  int failed = 0;  // the failed allocation's id
  sim::Time ready_at = 0;
  sim::Time delay = 0;
};

struct GroupState {
  int desired = 0;
  std::set<int> live;  // live allocation ids
  std::vector<PendingReschedule> reschedules;
  std::set<int> given_up;  // name indexes of failed allocations not eligible for rescheduling
  // Drains: migrations (indexes into the engine's migrations) of this group whose
  // replacement is not yet healthy (or past its healthy_deadline).
  std::set<int> migrating;
};

struct JobState {
  bool registered = false;
  bool stopped = false;
  bool blocked = false;  // its last evaluation left allocations unplaced
  int version = 0;
  int deployment = -1;  // index into result.deployments while one runs, else -1
  bool promoted = false;
  std::vector<GroupState> groups;
  std::set<std::pair<int, int>> system_unplaced;  // (group, node) a system job could not fill
};

// One allocation stopped by a drain, and the allocation that replaces it.
struct Migration {
  int node = 0;
  int job = 0;
  int group = 0;
  int replacement = -1;
};

std::string ports_string(const std::vector<AssignedPort>& ports) {
  std::string s;
  for (const auto& p : ports) {
    if (!s.empty()) s += ';';
    s += p.label + "=" + std::to_string(p.value);
  }
  return s;
}

class Engine {
 public:
  Engine(const Model& model, const RunOptions& options)
      : model_(model),
        streams_(options.seed.value_or(model.seed)),
        liveness_rng_(streams_.stream("liveness")),
        owned_policy_(options.policy == nullptr ? make_policy(model.algorithm) : nullptr),
        policy_(options.policy != nullptr ? options.policy : owned_policy_.get()),
        progress_(options.progress) {
    if (policy_ == nullptr) {
      throw std::invalid_argument("unknown scheduler algorithm \"" + model.algorithm + "\"");
    }
    scheduler_ = std::make_unique<Scheduler>(*policy_, streams_.stream("scheduler"));
    discovery_ = std::make_unique<Discovery>(model_, sim_, streams_, cluster_, allocs_, result_);
    jobs_.resize(model.jobs.size());
    for (std::size_t j = 0; j < model.jobs.size(); ++j) {
      for (const auto& g : model.jobs[j].groups) {
        GroupState state;
        state.desired = g.count;
        jobs_[j].groups.push_back(std::move(state));
      }
    }
    result_.scenario = model.name;
    result_.seed = streams_.master_seed();
  }

  RunResult run() {
    for (const auto& pool : model_.pools) {
      for (int i = 0; i < pool.count; ++i) add_node(pool.shape);
    }
    for (std::size_t j = 0; j < model_.jobs.size(); ++j) {
      if (model_.jobs[j].submit_at_start) submit(static_cast<int>(j));
    }
    for (const auto& event : model_.timeline) {
      sim_.schedule_at(event.at, [this, &event] { apply(event); });
    }
    const sim::Time step = std::max<sim::Time>(model_.sample_interval, 1);
    for (sim::Time t = 0;; t = std::min(t + step, model_.horizon)) {
      sim_.run_until(t);
      result_.timeseries.push_back(sample(t));
      if (progress_) progress_(static_cast<double>(t) / static_cast<double>(model_.horizon));
      if (t >= model_.horizon) break;
    }
    discovery_->finish();
    result_.sim_time = model_.horizon;
    result_.events = sim_.events_executed();
    return std::move(result_);
  }

 private:
  const JobSpec& spec(int job) const { return model_.jobs[static_cast<std::size_t>(job)]; }
  JobState& state(int job) { return jobs_[static_cast<std::size_t>(job)]; }
  Allocation& alloc(int id) { return allocs_[static_cast<std::size_t>(id)]; }
  bool is_system(int job) const {
    return spec(job).type == JobType::kSystem || spec(job).type == JobType::kSysbatch;
  }

  // ---- The timeline ----

  void apply(const TimelineEvent& e) {
    switch (e.kind) {
      case TimelineEvent::Kind::kSubmitJob:
        submit(e.job);
        break;
      case TimelineEvent::Kind::kScaleGroup:
        state(e.job).groups[static_cast<std::size_t>(e.group)].desired = e.count;
        enqueue_eval(e.job);
        break;
      case TimelineEvent::Kind::kStopJob:
        stop_job(e.job);
        break;
      case TimelineEvent::Kind::kFailNode:
        fail_node(cluster_.find(e.node));
        break;
      case TimelineEvent::Kind::kRecoverNode:
        recover_node(cluster_.find(e.node));
        break;
      case TimelineEvent::Kind::kDrainNode:
        drain_node(cluster_.find(e.node), e.deadline);
        break;
      case TimelineEvent::Kind::kAddNodes:
        add_nodes(e.pool, e.count);
        break;
      case TimelineEvent::Kind::kUpdateJob:
        update_job(e.job);
        break;
      case TimelineEvent::Kind::kFailAlloc:
        fail_alloc(e.job, e.group, e.index, e.count);
        break;
    }
  }

  void submit(int job) {
    JobState& s = state(job);
    s.registered = true;
    s.stopped = false;
    enqueue_eval(job);
  }

  void stop_job(int job) {
    JobState& s = state(job);
    end_deployment(job, "cancelled");
    for (auto& g : s.groups) g.reschedules.clear();
    s.stopped = true;
    s.blocked = false;
    s.system_unplaced.clear();
    for (auto& g : s.groups) {
      const std::vector<int> live(g.live.begin(), g.live.end());
      for (const int id : live) stop_alloc(id, AllocState::kStopped);
    }
    capacity_changed();
  }

  // The node stops answering; the servers notice only when its heartbeat timer fires.
  void fail_node(int node) {
    if (node < 0 || cluster_.node(node).status == NodeStatus::kDown) return;
    const sim::Time delay =
        failure_detection_delay(model_.liveness, cluster_.size(), liveness_rng_);
    failed_.insert(node);
    discovery_->on_node_failed(node);
    sim_.schedule_after(delay, [this, node] { node_down(node); });
  }

  void node_down(int node) {
    if (failed_.erase(node) == 0) return;  // recovered before it was noticed
    Node& n = cluster_.node(node);
    n.status = NodeStatus::kDown;
    discovery_->on_node_down(node);
    std::set<int> affected;
    const std::vector<int> live = n.allocs;
    for (const int id : live) {
      affected.insert(alloc(id).job);
      stop_alloc(id, AllocState::kLost);
    }
    // Lost allocations are replaced at once; the reschedule policy governs failed ones
    // (scheduler/reconciler: lost allocations are placed without a reschedule delay).
    for (const int job : affected) {
      if (!is_system(job)) enqueue_eval(job);
    }
  }

  void recover_node(int node) {
    if (node < 0) return;
    if (failed_.erase(node) != 0) {
      // Back before the servers noticed: its client restores the allocations it still has
      // and starts their tasks again (client/client.go restoreState), which register anew.
      for (const int id : cluster_.node(node).allocs) {
        Allocation& a = alloc(id);
        if (a.state != AllocState::kRunning && a.state != AllocState::kPending) continue;
        discovery_->on_stopped(id, sim_.now());  // its old registrations are replaced
        a.state = AllocState::kPending;
        a.healthy = false;
        sim_.schedule_after(discovery_->restart_delay(id), [this, id] { start_alloc(id); });
      }
    }
    Node& n = cluster_.node(node);
    n.status = NodeStatus::kReady;
    n.eligible = true;
    n.draining = false;
    node_joined();
  }

  // Marks the node ineligible and migrates its allocations under each group's migrate block:
  // max_parallel at a time per group, the next only once a replacement is healthy or past its
  // healthy_deadline (nomad/drainer); system allocations go last; whatever is left at the
  // deadline is stopped at once.
  void drain_node(int node, sim::Time deadline) {
    if (node < 0) return;
    Node& n = cluster_.node(node);
    n.eligible = false;
    n.draining = true;
    draining_.insert(node);
    sim_.schedule_after(deadline, [this, node] { drain_deadline(node); });
    drain_advance(node);
  }

  void drain_advance(int node) {
    if (draining_.count(node) == 0) return;
    const std::vector<int> live = cluster_.node(node).allocs;
    std::set<int> affected;
    bool others_left = false;
    for (const int id : live) {
      const Allocation& a = alloc(id);
      if (is_system(a.job)) continue;
      GroupState& gs = state(a.job).groups[static_cast<std::size_t>(a.group)];
      const int limit = spec(a.job).groups[static_cast<std::size_t>(a.group)].migrate.max_parallel;
      others_left = true;
      if (in_flight(a.job, a.group, node) >= limit) continue;
      const int job = a.job;
      const int group = a.group;
      const int token = static_cast<int>(migrations_.size());
      migrations_.push_back(Migration{.node = node, .job = job, .group = group});
      gs.migrating.insert(token);
      stop_alloc(id, AllocState::kStopped);
      const sim::Time deadline =
          spec(job).groups[static_cast<std::size_t>(group)].migrate.healthy_deadline;
      sim_.schedule_after(deadline, [this, token] { migration_done(token); });
      affected.insert(job);
    }
    if (!others_left) {
      // Only system allocations are left (or none): they stop last.
      for (const int id : live) stop_alloc(id, AllocState::kStopped);
      draining_.erase(node);
    }
    for (const int job : affected) enqueue_eval(job);
  }

  int in_flight(int job, int group, int node) const {
    int n = 0;
    for (const int token :
         jobs_[static_cast<std::size_t>(job)].groups[static_cast<std::size_t>(group)].migrating) {
      n += migrations_[static_cast<std::size_t>(token)].node == node ? 1 : 0;
    }
    return n;
  }

  // A migration's replacement is healthy, or its healthy_deadline passed: the next may go.
  void migration_done(int token) {
    const Migration& m = migrations_[static_cast<std::size_t>(token)];
    if (state(m.job).groups[static_cast<std::size_t>(m.group)].migrating.erase(token) == 0) return;
    drain_advance(m.node);
  }

  void drain_deadline(int node) {
    if (draining_.erase(node) == 0) return;
    const std::vector<int> live = cluster_.node(node).allocs;
    std::set<int> affected;
    for (const int id : live) {
      affected.insert(alloc(id).job);
      stop_alloc(id, AllocState::kStopped);
    }
    for (const int job : affected) {
      if (!is_system(job)) enqueue_eval(job);
    }
  }

  void add_nodes(int pool, int count) {
    for (int i = 0; i < count; ++i) add_node(model_.pools[static_cast<std::size_t>(pool)].shape);
    node_joined();
  }

  void add_node(const NodeShape& shape) {
    cluster_.add_node(shape);
    discovery_->on_node_added(cluster_.size() - 1);
  }

  // A node registered or came back: system jobs evaluate it (nomad/node_endpoint.go creates
  // node-update evaluations for system jobs) and blocked evaluations retry.
  void node_joined() {
    for (std::size_t j = 0; j < jobs_.size(); ++j) {
      const int job = static_cast<int>(j);
      if (is_system(job) && jobs_[j].registered && !jobs_[j].stopped) enqueue_eval(job);
    }
    capacity_changed();
  }

  // Blocked evaluations are retried when capacity frees up (nomad/blocked_evals.go Unblock).
  // Nomad unblocks by computed node class; here every blocked evaluation retries.
  void capacity_changed() {
    for (std::size_t j = 0; j < jobs_.size(); ++j) {
      if (jobs_[j].blocked && !jobs_[j].stopped) enqueue_eval(static_cast<int>(j));
    }
  }

  // ---- Job versions and task failures ----

  // A new job version: each group rolls out under the update block, gated by the deployment
  // watcher on the new allocations' health (nomad/deploymentwatcher). A newer version cancels
  // a deployment still running. System jobs have no deployment (see update_system_batch).
  void update_job(int job) {
    JobState& s = state(job);
    if (!s.registered || s.stopped) return;
    ++s.version;
    end_deployment(job, "cancelled");
    if (is_system(job)) {
      update_system_batch(job, s.version);
      return;
    }
    s.promoted = spec(job).update.canary == 0;
    s.deployment = static_cast<int>(result_.deployments.size());
    result_.deployments.push_back(
        DeploymentRecord{.job = spec(job).name, .version = s.version, .started = sim_.now()});
    enqueue_eval(job);
  }

  // Nomad's update block for system jobs (docs, job-specification/update): "the job is
  // updated at a rate of max_parallel, waiting stagger duration before the next set of
  // updates"; max_parallel 0 replaces every allocation at once. Old allocations go in node
  // order; the system evaluation places the new version on the nodes they free.
  void update_system_batch(int job, int version) {
    JobState& s = state(job);
    if (s.version != version || !s.registered || s.stopped) return;
    std::vector<int> old;
    for (const auto& g : s.groups) {
      for (const int id : g.live) {
        if (alloc(id).version != version) old.push_back(id);
      }
    }
    std::sort(old.begin(), old.end(),
              [this](int a, int b) { return alloc(a).node < alloc(b).node; });
    const UpdatePolicy& policy = spec(job).update;
    const std::size_t batch =
        policy.max_parallel == 0
            ? old.size()
            : std::min(old.size(), static_cast<std::size_t>(policy.max_parallel));
    for (std::size_t i = 0; i < batch; ++i) stop_alloc(old[i], AllocState::kStopped);
    enqueue_eval(job);
    if (batch < old.size()) {
      sim_.schedule_after(policy.stagger,
                          [this, job, version] { update_system_batch(job, version); });
    }
  }

  void end_deployment(int job, const char* status) {
    JobState& s = state(job);
    if (s.deployment < 0) return;
    DeploymentRecord& d = result_.deployments[static_cast<std::size_t>(s.deployment)];
    d.status = status;
    d.finished = sim_.now();
    s.deployment = -1;
  }

  // The tasks of "job.group[index]" exit with an error `times` times in a row.
  void fail_alloc(int job, int group, int index, int times) {
    for (const int id : state(job).groups[static_cast<std::size_t>(group)].live) {
      if (alloc(id).index == index && alloc(id).state == AllocState::kRunning) {
        crash(id, times);
        return;
      }
    }
  }

  // The client's restart tracker decides: restart after its delay, or give up and fail the
  // allocation. The tasks stop serving at once (their services deregister).
  void crash(int id, int remaining) {
    Allocation& a = alloc(id);
    if (a.state != AllocState::kRunning || remaining <= 0) return;
    discovery_->on_stopped(id, sim_.now());
    a.healthy = false;
    a.state = AllocState::kPending;  // restarting: it keeps its resources and ports
    const GroupAsk& ask = spec(a.job).groups[static_cast<std::size_t>(a.group)];
    const auto wait = a.restarts.on_failure(ask.restart, sim_.now(), restart_rng_);
    if (!wait) {
      fail(id);
      return;
    }
    sim_.schedule_after(*wait + discovery_->restart_delay(id), [this, id, remaining] {
      if (start_alloc(id) && remaining > 1) crash(id, remaining - 1);
    });
  }

  // The allocation failed for good: it is replaced after the reschedule policy's delay, or
  // never once the policy's attempts are used up (nomad/scheduler/reconciler
  // filterByRescheduleable; the follow-up evaluation waits until the delay has passed).
  void fail(int id) {
    stop_alloc(id, AllocState::kFailed);
    const Allocation& a = alloc(id);
    const int job = a.job;
    GroupState& gs = state(job).groups[static_cast<std::size_t>(a.group)];
    const ReschedulePolicy& policy = spec(job).reschedule;
    const sim::Time now = sim_.now();
    if (!is_system(job) && reschedule_eligible(policy, a.reschedules, now)) {
      const sim::Time delay = next_reschedule_delay(policy, a.reschedules, now);
      gs.reschedules.push_back(
          PendingReschedule{.failed = id, .ready_at = now + delay, .delay = delay});
      sim_.schedule_after(delay, [this, job] { enqueue_eval(job); });
    } else {
      gs.given_up.insert(a.index);
    }
    capacity_changed();
  }

  // ---- Evaluations ----

  void enqueue_eval(int job) {
    if (!eval_pending_.insert(job).second) return;  // one outstanding evaluation per job
    eval_queue_.push_back(job);
    if (!eval_scheduled_) {
      eval_scheduled_ = true;
      sim_.schedule_after(0, [this] { process_evals(); });
    }
  }

  // The eval broker hands out evaluations by job priority, then in arrival order
  // (nomad/eval_broker.go PendingEvaluations).
  void process_evals() {
    eval_scheduled_ = false;
    std::vector<int> batch;
    batch.swap(eval_queue_);
    std::stable_sort(batch.begin(), batch.end(),
                     [this](int a, int b) { return spec(a).priority > spec(b).priority; });
    if (policy_->batch()) {
      evaluate_batch(batch);
      return;
    }
    for (const int job : batch) {
      eval_pending_.erase(job);
      if (!state(job).registered || state(job).stopped) continue;
      if (is_system(job)) {
        evaluate_system(job);
      } else {
        evaluate_generic(job);
      }
    }
  }

  // A batch policy ("optimal") places every missing allocation of the batch's generic jobs in
  // one assignment (models/placement/optimal_placement.h); rollouts, reschedules, scale-downs and
  // system jobs are settled first, so nothing changes the cluster between the assignment and its
  // commits.
  void evaluate_batch(const std::vector<int>& batch) {
    std::vector<int> jobs;
    std::vector<Reconciled> reconciled;
    std::vector<const GroupAsk*> asks;
    std::vector<std::pair<std::size_t, int>> owners;  // (index into jobs, name index)
    for (const int job : batch) {
      eval_pending_.erase(job);
      if (!state(job).registered || state(job).stopped) continue;
      if (is_system(job)) {
        evaluate_system(job);
        continue;
      }
      Evaluation eval = scheduler_->begin_evaluation(cluster_, spec(job).datacenters,
                                                     spec(job).type == JobType::kBatch);
      Reconciled r = reconcile(job, eval);
      for (const auto& [ask, index] : r.missing) {
        asks.push_back(ask);
        owners.emplace_back(jobs.size(), index);
      }
      jobs.push_back(job);
      reconciled.push_back(std::move(r));
    }
    if (!asks.empty()) {
      const std::vector<PlacementChoice> choices =
          place_batch_optimal(cluster_, allocs_, asks, *scheduler_);
      for (std::size_t i = 0; i < asks.size(); ++i) {
        const auto [owner, index] = owners[i];
        if (choices[i].node >= 0) {
          place(*asks[i], index, choices[i]);
        } else {
          record_failure(*asks[i], index, choices[i].metric);
          reconciled[owner].unplaced = true;
        }
      }
    }
    for (std::size_t j = 0; j < jobs.size(); ++j) finish_evaluation(jobs[j], reconciled[j]);
  }

  // What an evaluation of a generic job leaves to place, once its rollout, reschedules and
  // scale-down are settled.
  struct Reconciled {
    std::vector<std::pair<const GroupAsk*, int>> missing;  // (group, name index)
    bool unplaced = false;
    bool freed = false;
    bool rolled_out = true;  // every group's rollout is done
  };

  void evaluate_generic(int job) {
    const JobSpec& js = spec(job);
    Evaluation eval =
        scheduler_->begin_evaluation(cluster_, js.datacenters, js.type == JobType::kBatch);
    Reconciled r = reconcile(job, eval);
    // After the first failure of a group, Nomad coalesces the rest of the group's placements
    // into it (generic_sched.go computePlacements, CoalescedFailures).
    std::map<const GroupAsk*, PlacementMetric> failures;
    for (const auto& [ask, index] : r.missing) {
      if (const auto f = failures.find(ask); f != failures.end()) {
        record_failure(*ask, index, f->second);
        continue;
      }
      PlacementChoice choice = scheduler_->select(cluster_, allocs_, eval, *ask);
      if (choice.node >= 0) {
        place(*ask, index, choice);
        continue;
      }
      record_failure(*ask, index, choice.metric);
      failures.emplace(ask, choice.metric);
      r.unplaced = true;
    }
    finish_evaluation(job, r);
  }

  void finish_evaluation(int job, const Reconciled& r) {
    JobState& s = state(job);
    s.blocked = r.unplaced;
    if (s.deployment >= 0 && r.rolled_out && !r.unplaced) end_deployment(job, "successful");
    if (r.freed) capacity_changed();
  }

  Reconciled reconcile(int job, Evaluation& eval) {
    const JobSpec& js = spec(job);
    JobState& s = state(job);
    Reconciled out;
    for (std::size_t g = 0; g < js.groups.size(); ++g) {
      GroupState& gs = s.groups[g];
      const GroupAsk& ask = js.groups[g];
      int canaries = 0;
      if (s.deployment >= 0) {
        const RolloutOutcome r = roll_out(job, static_cast<int>(g), eval);
        out.unplaced |= r.unplaced;
        out.rolled_out &= r.done;
        canaries = r.canaries;
      }
      const sim::Time now = sim_.now();
      int waiting = 0;
      std::set<int> used_indexes(gs.given_up);
      for (const auto& p : gs.reschedules) used_indexes.insert(alloc(p.failed).index);
      // Failed allocations whose reschedule delay has passed are replaced first, with their
      // name index, the penalty on the node they failed on, and their line's history.
      bool failed_once = false;
      for (auto it = gs.reschedules.begin(); it != gs.reschedules.end();) {
        if (it->ready_at > now || failed_once) {
          ++waiting;
          ++it;
          continue;
        }
        const Allocation& failed = alloc(it->failed);
        PlacementChoice choice = scheduler_->select(cluster_, allocs_, eval, ask, failed.node);
        if (choice.node < 0) {
          record_failure(ask, failed.index, choice.metric);
          failed_once = true;
          out.unplaced = true;
          ++waiting;
          ++it;
          continue;
        }
        std::vector<RescheduleEvent> history = failed.reschedules;
        history.push_back(RescheduleEvent{.time = now, .delay = it->delay});
        const int previous = failed.node;
        const int id = place(ask, failed.index, choice);
        alloc(id).reschedules = std::move(history);
        alloc(id).previous_node = previous;
        it = gs.reschedules.erase(it);
      }
      const int live = static_cast<int>(gs.live.size()) - canaries;
      const int wanted = gs.desired - waiting - static_cast<int>(gs.given_up.size());
      if (live > wanted) {
        // Scale down: the highest alloc indexes stop first (structs.AllocNameIndex.Highest).
        std::vector<int> by_index(gs.live.begin(), gs.live.end());
        std::sort(by_index.begin(), by_index.end(),
                  [this](int a, int b) { return alloc(a).index > alloc(b).index; });
        for (int i = 0; i < live - wanted; ++i) stop_alloc(by_index[i], AllocState::kStopped);
        out.freed = true;
        continue;
      }
      // Missing allocations take the lowest free indexes (AllocNameIndex.Next).
      for (const int id : gs.live) used_indexes.insert(alloc(id).index);
      for (int index = 0, missing = wanted - live; missing > 0; ++index) {
        if (used_indexes.count(index) != 0) continue;
        --missing;
        out.missing.emplace_back(&ask, index);
      }
    }
    return out;
  }

  struct RolloutOutcome {
    bool done = false;
    bool unplaced = false;
    int canaries = 0;  // canaries live beside the old allocations (not counted against count)
  };

  // One deployment step for a group (see models/runtime/rollout.h); canaries are promoted once all
  // are healthy when auto_promote is on, else the deployment waits for a promotion.
  RolloutOutcome roll_out(int job, int group, Evaluation& eval) {
    JobState& s = state(job);
    GroupState& gs = s.groups[static_cast<std::size_t>(group)];
    const GroupAsk& ask = spec(job).groups[static_cast<std::size_t>(group)];
    const UpdatePolicy& policy = spec(job).update;
    RolloutOutcome out;
    for (int pass = 0; pass < 2; ++pass) {
      std::vector<RolloutAlloc> live;
      for (const int id : gs.live) {
        const Allocation& a = alloc(id);
        live.push_back(RolloutAlloc{.id = id,
                                    .index = a.index,
                                    .new_version = a.version == s.version,
                                    .healthy = a.healthy});
      }
      const RolloutStep step = plan_rollout(policy, s.promoted, live);
      out.done = step.done;
      if (step.canary_phase) {
        out.canaries = step.canaries;
        if (step.promotable && policy.auto_promote) {
          s.promoted = true;
          out.canaries = 0;
          continue;  // plan again as promoted
        }
        if (step.promotable) {
          result_.deployments[static_cast<std::size_t>(s.deployment)].status = "awaiting promotion";
        }
      }
      for (const int id : step.stop) stop_alloc(id, AllocState::kStopped);
      for (const int index : step.place_indexes) {
        PlacementChoice choice = scheduler_->select(cluster_, allocs_, eval, ask);
        if (choice.node < 0) {
          record_failure(ask, index, choice.metric);
          out.unplaced = true;
          continue;
        }
        place(ask, index, choice);
        DeploymentRecord& d = result_.deployments[static_cast<std::size_t>(s.deployment)];
        ++d.placed;
        if (step.canary_phase) {
          ++d.canaries;
          ++out.canaries;
        }
      }
      break;
    }
    return out;
  }

  // One allocation per feasible node (scheduler/scheduler_system.go): nodes filtered by
  // feasibility are simply not targets; nodes that are feasible but full are failures.
  void evaluate_system(int job) {
    const JobSpec& js = spec(job);
    JobState& s = state(job);
    Evaluation eval =
        scheduler_->begin_evaluation(cluster_, js.datacenters, js.type == JobType::kSysbatch);
    s.system_unplaced.clear();
    std::map<std::pair<int, int>, int> preempted;  // by (job, group), in this evaluation
    for (std::size_t g = 0; g < js.groups.size(); ++g) {
      const GroupAsk& ask = js.groups[g];
      std::set<int> covered;
      for (const int id : s.groups[g].live) covered.insert(alloc(id).node);
      for (int node = 0; node < cluster_.size(); ++node) {
        const Node& n = cluster_.node(node);
        if (!n.schedulable_now() || covered.count(node) != 0) continue;
        if (std::find(js.datacenters.begin(), js.datacenters.end(), n.shape.datacenter) ==
            js.datacenters.end()) {
          continue;
        }
        PlacementChoice choice = scheduler_->select_on(cluster_, eval, ask, node);
        if (choice.node < 0 && choice.metric.nodes_exhausted > 0 && model_.system_preemption &&
            preempt_for(job, ask, node, preempted)) {
          choice = scheduler_->select_on(cluster_, eval, ask, node);
        }
        if (choice.node >= 0) {
          place(ask, 0, choice);  // system allocations are all "job.group[0]"
        } else if (choice.metric.nodes_exhausted > 0) {
          record_failure(ask, 0, choice.metric);
          s.system_unplaced.insert({static_cast<int>(g), node});
        }
      }
    }
    s.blocked = !s.system_unplaced.empty();
  }

  // Evicts what Nomad's Preemptor would so that `ask` fits on `node`
  // (models/placement/preemption.h); false when no allowed set does. The evicted allocations' jobs
  // are evaluated again.
  bool preempt_for(int job, const GroupAsk& ask, int node,
                   std::map<std::pair<int, int>, int>& preempted) {
    const Node& n = cluster_.node(node);
    std::vector<PreemptionCandidate> candidates;
    for (const int id : n.allocs) {
      const Allocation& a = alloc(id);
      const GroupAsk& theirs = spec(a.job).groups[static_cast<std::size_t>(a.group)];
      PreemptionCandidate c;
      c.id = id;
      c.priority = spec(a.job).priority;
      c.resources = a.resources;
      c.max_parallel = theirs.migrate.max_parallel;
      c.already_preempted = preempted[{a.job, a.group}];
      for (const auto& port : a.ports) {
        for (const auto& asked : theirs.ports) {
          if (asked.label == port.label && asked.static_port > 0)
            c.static_ports.push_back(port.value);
        }
      }
      candidates.push_back(std::move(c));
    }
    std::vector<int> static_ports;
    for (const auto& p : ask.ports) {
      if (p.static_port > 0) static_ports.push_back(p.static_port);
    }
    const auto evict = plan_preemption(spec(job).priority, n.schedulable() - cluster_.used(node),
                                       ask.resources, static_ports, candidates);
    if (!evict || evict->empty()) return false;
    std::set<int> affected;
    for (const int id : *evict) {
      const Allocation& a = alloc(id);
      ++preempted[{a.job, a.group}];
      affected.insert(a.job);
      result_.preemptions.push_back(PreemptionRecord{
          .time = sim_.now(),
          .job = spec(a.job).name,
          .group = spec(a.job).groups[static_cast<std::size_t>(a.group)].group_name,
          .alloc_index = a.index,
          .node = n.name,
          .by_job = spec(job).name});
      stop_alloc(id, AllocState::kStopped);
    }
    for (const int other : affected) enqueue_eval(other);
    return true;
  }

  // Commits a placement; returns the new allocation's id.
  int place(const GroupAsk& ask, int index, const PlacementChoice& choice) {
    JobState& s = state(ask.job);
    GroupState& gs = s.groups[static_cast<std::size_t>(ask.group)];
    Allocation a;
    a.version = s.version;
    a.id = static_cast<int>(allocs_.size());
    a.job = ask.job;
    a.group = ask.group;
    a.index = index;
    a.node = choice.node;
    a.name = ask.job_name + "." + ask.group_name + "[" + std::to_string(index) + "]";
    a.state = AllocState::kPending;
    a.resources = ask.resources;
    a.ports = choice.ports;
    a.placed_at = sim_.now();
    Node& n = cluster_.node(choice.node);
    if (const std::string error = n.network.commit(a.id, a.ports); !error.empty()) {
      throw std::logic_error("committing " + a.name + " on " + n.name + ": " + error);
    }
    n.add_alloc(a.id, a.job, a.group);
    cluster_.add_usage(choice.node, a.resources);
    state(ask.job).groups[static_cast<std::size_t>(ask.group)].live.insert(a.id);
    result_.placements.push_back(PlacementRecord{.time = sim_.now(),
                                                 .job = ask.job_name,
                                                 .group = ask.group_name,
                                                 .alloc_index = index,
                                                 .node = n.name,
                                                 .placed = true,
                                                 .reason = "",
                                                 .ports = ports_string(a.ports)});
    const int id = a.id;
    allocs_.push_back(std::move(a));
    sim_.schedule_after(discovery_->start_delay(id), [this, id] { start_alloc(id); });
    // The oldest migration of this group still without a replacement is replaced by this one.
    for (const int token : gs.migrating) {
      Migration& m = migrations_[static_cast<std::size_t>(token)];
      if (m.replacement >= 0) continue;
      m.replacement = id;
      break;
    }
    if (s.deployment >= 0) {
      // A new allocation not healthy by its healthy_deadline fails the deployment.
      const int deployment = s.deployment;
      const int job = ask.job;
      sim_.schedule_after(spec(job).update.healthy_deadline, [this, id, job, deployment] {
        if (state(job).deployment == deployment && is_live(alloc(id).state) && !alloc(id).healthy) {
          end_deployment(job, "failed");
        }
      });
    }
    return id;
  }

  // The client started the allocation's tasks, unless it was stopped or its node died first.
  // It turns healthy once its checks pass and it stays up for min_healthy_time: the update
  // block's during a deployment, the migrate block's otherwise (client/allochealth).
  bool start_alloc(int id) {
    Allocation& a = alloc(id);
    if (a.state != AllocState::kPending || failed_.count(a.node) != 0) return false;
    a.state = AllocState::kRunning;
    const sim::Time now = sim_.now();
    if (a.starts == 0) a.restarts = RestartTracker(now);
    a.running_at = now;
    const int starts = ++a.starts;
    const sim::Time passing = discovery_->on_running(id);
    const Allocation& started = alloc(id);
    const JobState& s = state(started.job);
    const sim::Time min_healthy = s.deployment >= 0 && started.version == s.version
                                      ? spec(started.job).update.min_healthy_time
                                      : spec(started.job)
                                            .groups[static_cast<std::size_t>(started.group)]
                                            .migrate.min_healthy_time;
    sim_.schedule_at(passing + min_healthy, [this, id, starts] { alloc_healthy(id, starts); });
    return true;
  }

  void alloc_healthy(int id, int starts) {
    Allocation& a = alloc(id);
    if (a.state != AllocState::kRunning || a.starts != starts) return;
    a.healthy = true;
    if (state(a.job).deployment >= 0) enqueue_eval(a.job);
    int done = -1;
    for (const int token : state(a.job).groups[static_cast<std::size_t>(a.group)].migrating) {
      if (migrations_[static_cast<std::size_t>(token)].replacement == id) done = token;
    }
    if (done >= 0) migration_done(done);
  }

  void record_failure(const GroupAsk& ask, int index, const PlacementMetric& metric) {
    result_.placements.push_back(PlacementRecord{.time = sim_.now(),
                                                 .job = ask.job_name,
                                                 .group = ask.group_name,
                                                 .alloc_index = index,
                                                 .node = "",
                                                 .placed = false,
                                                 .reason = metric.dominant_reason(),
                                                 .ports = ""});
  }

  void stop_alloc(int id, AllocState end) {
    Allocation& a = alloc(id);
    if (!is_live(a.state)) return;
    if (end != AllocState::kLost) {
      const GroupAsk& ask = spec(a.job).groups[static_cast<std::size_t>(a.group)];
      discovery_->on_stopped(id, sim_.now() + ask.shutdown_delay);
    }
    a.state = end;
    a.ended_at = sim_.now();
    Node& n = cluster_.node(a.node);
    n.network.release(id);
    n.remove_alloc(id, a.job, a.group);
    cluster_.remove_usage(a.node, a.resources);
    state(a.job).groups[static_cast<std::size_t>(a.group)].live.erase(id);
  }

  TimeseriesSample sample(sim::Time t) const {
    TimeseriesSample s;
    s.time = t;
    std::vector<ResourceVector> pending;  // the asks of groups with allocations waiting
    for (std::size_t j = 0; j < jobs_.size(); ++j) {
      const JobState& js = jobs_[j];
      if (!js.registered || js.stopped) continue;
      for (std::size_t g = 0; g < js.groups.size(); ++g) {
        const GroupState& gs = js.groups[g];
        const auto live = static_cast<std::int64_t>(gs.live.size());
        s.running += live;
        bool waiting = false;
        if (is_system(static_cast<int>(j))) {
          waiting = std::any_of(js.system_unplaced.begin(), js.system_unplaced.end(),
                                [g](const auto& gn) { return gn.first == static_cast<int>(g); });
        } else {
          s.queued += std::max<std::int64_t>(0, gs.desired - live);
          waiting = gs.desired > live;
        }
        if (waiting) pending.push_back(model_.jobs[j].groups[g].resources);
      }
      s.queued += static_cast<std::int64_t>(js.system_unplaced.size());
    }
    s.fragmentation = cluster_.fragmentation(pending);
    const Eigen::Vector3d u = cluster_.utilisation();
    s.cpu = u[kCpu];
    s.memory = u[kMemory];
    s.ports = cluster_.port_utilisation();
    return s;
  }

  const Model& model_;
  sim::Simulator sim_;
  sim::RngStreams streams_;
  sim::Rng liveness_rng_;
  std::unique_ptr<PlacementPolicy> owned_policy_;
  const PlacementPolicy* policy_;
  std::function<void(double)> progress_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<Discovery> discovery_;
  Cluster cluster_;
  AllocationTable allocs_;
  std::vector<JobState> jobs_;
  std::set<int> failed_;  // nodes that failed and are not yet marked down
  sim::Rng restart_rng_{streams_.stream("restarts")};
  // Nodes whose drain is under way: their allocations leave max_parallel per group at a time
  // (nomad/drainer: each batch waits for its replacements to be healthy).
  std::set<int> draining_;
  std::vector<Migration> migrations_;
  std::vector<int> eval_queue_;
  std::set<int> eval_pending_;
  bool eval_scheduled_ = false;
  RunResult result_;
};

}  // namespace

RunResult run_model(const Model& model, const RunOptions& options) {
  return Engine(model, options).run();
}

}  // namespace portolan::models
