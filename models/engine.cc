#include "models/engine.h"

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>

#include "models/discovery.h"
#include "models/liveness.h"
#include "models/scheduler.h"
#include "sim/simulator.h"

namespace portolan::models {
namespace {

struct GroupState {
  int desired = 0;
  std::set<int> live;  // live allocation ids
};

struct JobState {
  bool registered = false;
  bool stopped = false;
  bool blocked = false;  // its last evaluation left allocations unplaced
  std::vector<GroupState> groups;
  std::set<std::pair<int, int>> system_unplaced;  // (group, node) a system job could not fill
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
        jobs_[j].groups.push_back(GroupState{.desired = g.count, .live = {}});
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
        drain_node(cluster_.find(e.node));
        break;
      case TimelineEvent::Kind::kAddNodes:
        add_nodes(e.pool, e.count);
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
    failed_.erase(node);
    Node& n = cluster_.node(node);
    n.status = NodeStatus::kReady;
    n.eligible = true;
    n.draining = false;
    node_joined();
  }

  // Marks the node ineligible and migrates its allocations (all at once: the migrate block's
  // max_parallel pacing is not modelled yet).
  void drain_node(int node) {
    if (node < 0) return;
    Node& n = cluster_.node(node);
    n.eligible = false;
    n.draining = true;
    std::set<int> affected;
    const std::vector<int> live = n.allocs;
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

  void evaluate_generic(int job) {
    const JobSpec& js = spec(job);
    JobState& s = state(job);
    Evaluation eval =
        scheduler_->begin_evaluation(cluster_, js.datacenters, js.type == JobType::kBatch);
    bool unplaced = false;
    bool freed = false;
    for (std::size_t g = 0; g < js.groups.size(); ++g) {
      GroupState& gs = s.groups[g];
      const GroupAsk& ask = js.groups[g];
      const int live = static_cast<int>(gs.live.size());
      if (live > gs.desired) {
        // Scale down: the highest alloc indexes stop first (structs.AllocNameIndex.Highest).
        std::vector<int> by_index(gs.live.begin(), gs.live.end());
        std::sort(by_index.begin(), by_index.end(),
                  [this](int a, int b) { return alloc(a).index > alloc(b).index; });
        for (int i = 0; i < live - gs.desired; ++i) stop_alloc(by_index[i], AllocState::kStopped);
        freed = true;
        continue;
      }
      // Missing allocations take the lowest free indexes (AllocNameIndex.Next).
      std::set<int> used_indexes;
      for (const int id : gs.live) used_indexes.insert(alloc(id).index);
      std::optional<PlacementMetric> failure;
      for (int index = 0, missing = gs.desired - live; missing > 0; ++index) {
        if (used_indexes.count(index) != 0) continue;
        --missing;
        // After the first failure of a group, Nomad coalesces the rest of the group's
        // placements into it (generic_sched.go computePlacements, CoalescedFailures).
        if (!failure) {
          PlacementChoice choice = scheduler_->select(cluster_, allocs_, eval, ask);
          if (choice.node >= 0) {
            place(ask, index, choice);
            continue;
          }
          failure = choice.metric;
        }
        record_failure(ask, index, *failure);
        unplaced = true;
      }
    }
    s.blocked = unplaced;
    if (freed) capacity_changed();
  }

  // One allocation per feasible node (scheduler/scheduler_system.go): nodes filtered by
  // feasibility are simply not targets; nodes that are feasible but full are failures.
  void evaluate_system(int job) {
    const JobSpec& js = spec(job);
    JobState& s = state(job);
    Evaluation eval =
        scheduler_->begin_evaluation(cluster_, js.datacenters, js.type == JobType::kSysbatch);
    s.system_unplaced.clear();
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

  void place(const GroupAsk& ask, int index, const PlacementChoice& choice) {
    Allocation a;
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
  }

  // The client started the allocation's tasks, unless it was stopped or its node died first.
  void start_alloc(int id) {
    Allocation& a = alloc(id);
    if (a.state != AllocState::kPending || failed_.count(a.node) != 0) return;
    a.state = AllocState::kRunning;
    a.running_at = sim_.now();
    discovery_->on_running(id);
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
    for (std::size_t j = 0; j < jobs_.size(); ++j) {
      const JobState& js = jobs_[j];
      if (!js.registered || js.stopped) continue;
      for (const auto& g : js.groups) {
        s.running += static_cast<std::int64_t>(g.live.size());
        if (!is_system(static_cast<int>(j))) {
          s.queued +=
              std::max<std::int64_t>(0, g.desired - static_cast<std::int64_t>(g.live.size()));
        }
      }
      s.queued += static_cast<std::int64_t>(js.system_unplaced.size());
    }
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
