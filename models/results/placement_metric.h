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

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/results/sorted_map.h"

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
// scores sit in a fixed array, not a map by name, and the node is its cluster index (its name
// is RunResult::node_names[node]): most nodes scored are built and dropped at once.
struct NodeScoreMeta {
  int node = -1;          // cluster index
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

// The top MaxRetainedNodeScores nodes of one placement while it is being selected: a fixed
// array, no heap. Higher norm_score first; on equal scores the node scored first stays ahead
// (Nomad's heap leaves that order unspecified).
class TopScores {
 public:
  static constexpr std::size_t kMax = 5;  // MaxRetainedNodeScores (nomad/structs/structs.go)

  void add(const NodeScoreMeta& meta) {
    std::size_t at = 0;
    while (at < size_ && entries_[at].norm_score >= meta.norm_score) ++at;
    if (at >= kMax) return;
    for (std::size_t i = std::min(size_, kMax - 1); i > at; --i) entries_[i] = entries_[i - 1];
    entries_[at] = meta;
    size_ = std::min(size_ + 1, kMax);
  }
  std::size_t size() const { return size_; }
  const NodeScoreMeta& operator[](std::size_t i) const { return entries_[i]; }

 private:
  std::array<NodeScoreMeta, kMax> entries_{};
  std::size_t size_ = 0;
};

// Where a placement's retained scores (its TopScores) are kept: a run's placements share one
// RetainedScores store (RunResult::scores), and each metric names its stretch of it. Empty: none
// retained (a failure that scored no node, a coalesced one).
struct ScoreSpan {
  std::uint32_t offset = 0;  // the first word in the store
  std::uint32_t words = 0;
  bool empty() const { return words == 0; }
  friend bool operator==(const ScoreSpan&, const ScoreSpan&) = default;
};

// The filter and exhaustion counts of one placement, by class, reason and dimension. Most
// placements stop no node, so a metric holds these only once one is stopped.
struct Rejections {
  SortedMap<int> class_filtered;
  SortedMap<int> constraint_filtered;  // Nomad's filter reason -> nodes
  SortedMap<int> class_exhausted;
  SortedMap<int> dimension_exhausted;  // Nomad's dimension -> nodes
  // The latest stage at which each filter reason stopped a node (not written: for the rule).
  SortedMap<FilterStage> stage_of;
};

struct PlacementMetric {
  int nodes_evaluated = 0;
  int nodes_filtered = 0;
  int nodes_in_pool = 0;  // ready, eligible nodes of the job's datacenters and node pool
  int nodes_exhausted = 0;
  int coalesced_failures = 0;  // later placements of the group folded into this failure
  // By datacenter; one map shared by every placement of an evaluation (null: none).
  std::shared_ptr<const SortedMap<int>> nodes_available;
  ScoreSpan scores;  // the top TopScores::kMax nodes, best first, in RunResult::scores

  PlacementMetric() = default;
  PlacementMetric(const PlacementMetric& other)
      : nodes_evaluated(other.nodes_evaluated),
        nodes_filtered(other.nodes_filtered),
        nodes_in_pool(other.nodes_in_pool),
        nodes_exhausted(other.nodes_exhausted),
        coalesced_failures(other.coalesced_failures),
        nodes_available(other.nodes_available),
        scores(other.scores),
        rejections_(other.rejections_ ? std::make_unique<Rejections>(*other.rejections_)
                                      : nullptr) {}
  PlacementMetric(PlacementMetric&&) noexcept = default;
  PlacementMetric& operator=(const PlacementMetric& other) {
    if (this != &other) *this = PlacementMetric(other);
    return *this;
  }
  PlacementMetric& operator=(PlacementMetric&&) noexcept = default;

  const SortedMap<int>& class_filtered() const { return rejections().class_filtered; }
  const SortedMap<int>& constraint_filtered() const { return rejections().constraint_filtered; }
  const SortedMap<int>& class_exhausted() const { return rejections().class_exhausted; }
  const SortedMap<int>& dimension_exhausted() const { return rejections().dimension_exhausted; }

  void evaluate() { ++nodes_evaluated; }
  void filter(const std::string& node_class, const std::string& reason, FilterStage stage) {
    ++nodes_filtered;
    Rejections& r = rejections_for_change();
    if (!node_class.empty()) ++r.class_filtered[node_class];
    ++r.constraint_filtered[reason];
    note_stage(r, reason, stage);
  }
  void exhaust(const std::string& node_class, const std::string& dimension) {
    ++nodes_exhausted;
    Rejections& r = rejections_for_change();
    if (!node_class.empty()) ++r.class_exhausted[node_class];
    ++r.dimension_exhausted[dimension];
    note_stage(r, dimension, FilterStage::kExhausted);
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
    const Rejections& r = rejections();
    for (const auto* counts : {&r.dimension_exhausted, &r.constraint_filtered}) {
      for (const auto& [reason, count] : *counts) {
        const int stage = static_cast<int>(r.stage_of.at(reason));
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
    const Rejections& r = rejections();
    for (const auto* counts : {&r.dimension_exhausted, &r.constraint_filtered}) {
      for (const auto& [reason, count] : *counts) {
        s += "; " + reason + ": " + std::to_string(count);
      }
    }
    return s;
  }

 private:
  const Rejections& rejections() const {
    static const Rejections kNone;
    return rejections_ ? *rejections_ : kNone;
  }
  Rejections& rejections_for_change() {
    if (!rejections_) rejections_ = std::make_unique<Rejections>();
    return *rejections_;
  }
  static void note_stage(Rejections& r, const std::string& reason, FilterStage stage) {
    auto [it, inserted] = r.stage_of.emplace(reason, stage);
    if (!inserted && stage > it->second) it->second = stage;
  }

  std::unique_ptr<Rejections> rejections_;  // null until a node is filtered or exhausted
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_PLACEMENT_METRIC_H_
