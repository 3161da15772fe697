// Commits the scheduler's decisions to the cluster: a placement takes its node's resources and
// ports, a stop gives them back (nomad/plan_apply.go: the leader applies each plan's node
// allocations and stops; here every plan is applied as made, since one worker runs at a time).
//
// Contract. place() and stop() are the only code that changes what a node holds; both keep
// the node, the cluster's usage, the allocation table and the group's live set in step. A
// placement is recorded in the results at once and told, in this order, to the client (the
// allocation runner starts it), the drainer (it may replace a migrated allocation) and the
// deployment watcher (its healthy_deadline). A stop deregisters the allocation's services
// first and its tasks keep serving for shutdown_delay, except when the allocation is lost with
// its node.
#ifndef PORTOLAN_MODELS_RUNTIME_PLAN_APPLIER_H_
#define PORTOLAN_MODELS_RUNTIME_PLAN_APPLIER_H_

#include <map>
#include <string>

#include "models/discovery/discovery.h"
#include "models/placement/scheduler.h"
#include "models/runtime/run_state.h"
#include "sim/rng.h"

namespace portolan::models {

// Why the servers stop an allocation; each cause has its end state, its wording in
// allocations.csv, and whether a replacement (with the same name) is expected.
enum class StopCause {
  kScaledDown,     // complete: the group's count went down
  kJobStopped,     // complete
  kUpdated,        // complete: replaced by the job's new version
  kDrained,        // complete: migrated off a draining node
  kDrainDeadline,  // complete: left on the node when its drain's deadline passed
  kPreempted,      // complete, desired status evict
  kNodeLost,       // lost: its node was marked down
  kFailed,         // failed: the restart policy gave up
};

class AllocRunner;
class DeploymentWatcher;
class Drainer;

class PlanApplier {
 public:
  PlanApplier(RunState& state, const sim::RngStreams& streams, Discovery& discovery,
              AllocRunner& runner, Drainer& drainer, DeploymentWatcher& deployments)
      : state_(state),
        streams_(streams),
        discovery_(discovery),
        runner_(runner),
        drainer_(drainer),
        deployments_(deployments) {}

  // Commits allocation `index` of the ask's group on the chosen node; returns its id. The
  // choice's ports and metric move into the allocation and its placement record.
  int place(const GroupAsk& ask, int index, PlacementChoice choice);
  // Takes over allocation `index`, already running on the chosen node when the run starts (a
  // snapshot's): committed like a placement, its tasks run at once. Call before any event.
  // `uid` is its Nomad ID ("": one is derived from its name, as for a placement).
  int adopt(const GroupAsk& ask, int index, PlacementChoice choice, const std::string& uid);
  // Records a placement attempt that found no node (the choice's metric and top scores);
  // returns its index in the results' placements.
  int record_failure(const GroupAsk& ask, int index, const PlacementChoice& failed);
  // Records a failure folded into the group's earlier one, `coalesced_into` (its index).
  int record_coalesced_failure(const GroupAsk& ask, int index, int coalesced_into);
  // Ends a live allocation (no-op on one already ended). `detail` completes the end reason
  // (the preempting job, the new version).
  void stop(int id, StopCause cause, const std::string& detail = "");

 private:
  // Commits the allocation to its node, the table, the group and the results; returns its id.
  int commit(const GroupAsk& ask, int index, PlacementChoice choice);
  // Appends a failed attempt's record (no node, no ports) and returns it.
  PlacementRecord& push_failure(const GroupAsk& ask, int index, InternedString reason,
                                int coalesced_into, PlacementMetric metric);
  // The key under which an allocation waits for its replacement: its name (allocation_name),
  // and for system jobs (all "job.group[0]") its node too.
  std::string line_key(const Allocation& a, const std::string& name) const;

  RunState& state_;
  const sim::RngStreams& streams_;
  Discovery& discovery_;
  AllocRunner& runner_;
  Drainer& drainer_;
  DeploymentWatcher& deployments_;
  std::map<std::string, int> awaiting_replacement_;  // line_key -> the ended allocation
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_PLAN_APPLIER_H_
