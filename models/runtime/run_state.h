// What a run changes, in one place: the cluster, the allocation table, each job's server-side
// state and the results being recorded.
//
// Contract. The Engine owns the one RunState of a run; every component holds a reference to it
// and none keeps a copy of any part. The servers' view of a job (JobState) is changed only by
// the components that own that part of Nomad: the reconciler and the plan applier (live
// allocations, reschedules), the deployment watcher (versions and deployments), the scheduler
// worker (blocked evaluations). Indexes: jobs by their place in Model::jobs, groups by their
// place in JobSpec::groups, allocations by id (AllocationTable), nodes by Cluster index.
#ifndef PORTOLAN_MODELS_RUNTIME_RUN_STATE_H_
#define PORTOLAN_MODELS_RUNTIME_RUN_STATE_H_

#include <set>
#include <utility>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/results/results.h"
#include "models/runtime/id_set.h"
#include "models/spec/allocation.h"
#include "models/spec/model.h"
#include "sim/simulator.h"

namespace portolan::models {

// A failed allocation whose replacement waits out its reschedule delay.
struct PendingReschedule {
  int failed = 0;  // the failed allocation's id
  sim::Time ready_at = 0;
  sim::Time delay = 0;
};

struct GroupState {
  InternedString job_name;  // the names result records carry, interned once
  InternedString group_name;
  int desired = 0;
  IdSet live;  // live allocation ids
  std::vector<PendingReschedule> reschedules;
  std::set<int> given_up;  // name indexes of failed allocations not eligible for rescheduling
  // Allocations placed so far under each name index: the incarnation that seeds the next
  // one's uid (PlanApplier::commit).
  std::vector<int> placed_by_index;
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

struct RunState {
  RunState(const Model& model, sim::Simulator& sim);

  const Model& model;
  sim::Simulator& sim;
  Cluster cluster;
  AllocationTable allocs;
  std::vector<JobState> jobs;
  RunResult result;

  const JobSpec& spec(int job) const { return model.jobs[static_cast<std::size_t>(job)]; }
  const GroupAsk& ask(int job, int group) const {
    return spec(job).groups[static_cast<std::size_t>(group)];
  }
  JobState& job(int job) { return jobs[static_cast<std::size_t>(job)]; }
  GroupState& group(int job, int group) {
    return jobs[static_cast<std::size_t>(job)].groups[static_cast<std::size_t>(group)];
  }
  Allocation& alloc(int id) { return allocs[static_cast<std::size_t>(id)]; }
  // A node's name as result records carry it, interned once per node.
  InternedString node_name(int node);
  // System and sysbatch jobs: one allocation per feasible node, no reschedules or deployments.
  bool is_system(int job) const {
    return spec(job).type == JobType::kSystem || spec(job).type == JobType::kSysbatch;
  }
  void record_node_event(int node, const char* event, std::string detail = "") {
    result.node_events.push_back(NodeEventRecord{.time = sim.now(),
                                                 .node = cluster.node(node).name,
                                                 .event = event,
                                                 .detail = std::move(detail)});
  }
  // Registered and not stopped: its evaluations place allocations.
  bool is_active(int job) const {
    const JobState& s = jobs[static_cast<std::size_t>(job)];
    return s.registered && !s.stopped;
  }

 private:
  std::vector<InternedString> node_names_;  // by node index, grown as nodes are named
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_RUN_STATE_H_
