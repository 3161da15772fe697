// Why a placement went the way it did: Nomad's AllocMetric (nomad/structs/alloc.go), whole.
//
// One metric per placement attempt. Counts follow AllocMetric's methods: EvaluateNode,
// FilterNode (per computed class when the node has one, and per filter reason, keyed by
// Constraint.String() for constraints), ExhaustedNode (per class and per dimension), and
// ScoreNode: the top MaxRetainedNodeScores (5) nodes by normalized score, each with its
// scorers' scores. NodesAvailable counts the ready nodes of each of the job's datacenters
// (generic_sched.go computePlacements: byDC).
//
// The one-line `reason` of placements.csv is derived by the rule in `blocking_reason()`: the
// check that stopped the nodes that got furthest through the scheduler's stack.
#ifndef PORTOLAN_MODELS_RESULTS_PLACEMENT_METRIC_H_
#define PORTOLAN_MODELS_RESULTS_PLACEMENT_METRIC_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portolan::models {

// Where in the feasibility and ranking stack a node was stopped, in the stack's order
// (scheduler/feasible/stack.go NewGenericStack): a later stage means the node passed every
// earlier check.
enum class FilterStage {
  kConstraint = 0,        // job, group and task constraints (ConstraintChecker)
  kDriver = 1,            // missing drivers
  kNetwork = 2,           // network mode, host networks (NetworkChecker)
  kDistinctHosts = 3,     // DistinctHostsIterator
  kDistinctProperty = 4,  // DistinctPropertyIterator
  kExhausted = 5,         // BinPackIterator: ports, cpu, memory, disk
};

// Nomad's scorers (the names rank.go's ScoreNode calls record), in GenericStack's order.
enum class Scorer : std::uint8_t {
  kBinpack,
  kJobAntiAffinity,
  kNodeReschedulePenalty,
  kNodeAffinity,
  kAllocationSpread,
  kPreemption,
};
inline constexpr std::size_t kScorerCount = 6;
inline constexpr std::array<const char*, kScorerCount> kScorerNames = {
    "binpack",       "job-anti-affinity", "node-reschedule-penalty",
    "node-affinity", "allocation-spread", "preemption"};

// One scored node (structs.NodeScoreMeta): each scorer's score and the normalized score. The
// scores sit in a fixed array, not a map by name: every placement keeps up to five of these
// (C2M holds two million placements), and most nodes scored are built and dropped at once.
struct NodeScoreMeta {
  std::string node;
  double norm_score = 0;  // "normalized-score": the final score

  void set(Scorer s, double value) {
    scores_[static_cast<std::size_t>(s)] = value;
    present_ |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(s));
  }
  std::optional<double> get(Scorer s) const {
    if ((present_ & (1u << static_cast<unsigned>(s))) == 0) return std::nullopt;
    return scores_[static_cast<std::size_t>(s)];
  }

 private:
  std::array<double, kScorerCount> scores_{};
  std::uint8_t present_ = 0;  // bit i: scorer i recorded a score
};

struct PlacementMetric {
  // MaxRetainedNodeScores (nomad/structs/structs.go).
  static constexpr std::size_t kMaxRetainedNodeScores = 5;

  int nodes_evaluated = 0;
  int nodes_filtered = 0;
  int nodes_in_pool = 0;  // ready, eligible nodes of the job's datacenters and node pool
  std::map<std::string, int> nodes_available;  // by datacenter
  std::map<std::string, int> class_filtered;
  std::map<std::string, int> constraint_filtered;  // Nomad's filter reason -> nodes
  int nodes_exhausted = 0;
  std::map<std::string, int> class_exhausted;
  std::map<std::string, int> dimension_exhausted;  // Nomad's dimension -> nodes
  int coalesced_failures = 0;  // later placements of the group folded into this failure
  std::vector<NodeScoreMeta> score_metadata;  // best first, at most kMaxRetainedNodeScores
  // The latest stage at which each filter reason stopped a node (not written: for the rule).
  std::map<std::string, FilterStage> stage_of;

  void evaluate() { ++nodes_evaluated; }
  void filter(const std::string& node_class, const std::string& reason, FilterStage stage) {
    ++nodes_filtered;
    if (!node_class.empty()) ++class_filtered[node_class];
    ++constraint_filtered[reason];
    note_stage(reason, stage);
  }
  void exhaust(const std::string& node_class, const std::string& dimension) {
    ++nodes_exhausted;
    if (!node_class.empty()) ++class_exhausted[node_class];
    ++dimension_exhausted[dimension];
    note_stage(dimension, FilterStage::kExhausted);
  }
  // Keeps the node among the top scores: higher norm_score first; on equal scores the node
  // scored first stays ahead (Nomad's heap leaves that order unspecified).
  void score(NodeScoreMeta meta) {
    auto it = score_metadata.begin();
    while (it != score_metadata.end() && it->norm_score >= meta.norm_score) ++it;
    if (static_cast<std::size_t>(it - score_metadata.begin()) >= kMaxRetainedNodeScores) return;
    score_metadata.insert(it, std::move(meta));
    if (score_metadata.size() > kMaxRetainedNodeScores) score_metadata.pop_back();
  }

  // The one-line reason of a failed placement. Rule: among the checks that stopped any node,
  // take those of the latest stage (FilterStage order: exhaustion after every filter); of
  // those, the one that stopped the most nodes, then the lexically first. The nodes a later
  // check stopped had passed every earlier one, so that check is what blocks the placement
  // where it came closest. "No nodes were eligible for evaluation" when no node was
  // evaluated (formatAllocMetrics).
  std::string blocking_reason() const {
    std::string best;
    int best_count = 0;
    int best_stage = -1;
    for (const auto* counts : {&dimension_exhausted, &constraint_filtered}) {
      for (const auto& [reason, count] : *counts) {
        const int stage = static_cast<int>(stage_of.at(reason));
        if (stage > best_stage || (stage == best_stage && count > best_count)) {
          best = reason;
          best_count = count;
          best_stage = stage;
        }
      }
    }
    return best_stage >= 0 ? best : "No nodes were eligible for evaluation";
  }

  // "evaluated=3 filtered=1 exhausted=2; network: reserved port collision http=80=2; ..."
  std::string describe() const {
    std::string s = "evaluated=" + std::to_string(nodes_evaluated) +
                    " filtered=" + std::to_string(nodes_filtered) +
                    " exhausted=" + std::to_string(nodes_exhausted);
    for (const auto* counts : {&dimension_exhausted, &constraint_filtered}) {
      for (const auto& [reason, count] : *counts) {
        s += "; " + reason + ": " + std::to_string(count);
      }
    }
    return s;
  }

 private:
  void note_stage(const std::string& reason, FilterStage stage) {
    auto [it, inserted] = stage_of.emplace(reason, stage);
    if (!inserted && stage > it->second) it->second = stage;
  }
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_PLACEMENT_METRIC_H_
