// How many and which nodes Nomad's generic scheduler scores for one placement
// (scheduler/feasible/stack.go GenericStack.SetNodes/Select, scheduler/feasible/feasible.go
// ShuffleNodes and StaticIterator, scheduler/feasible/select.go LimitIterator and
// MaxScoreIterator).
//
// Contract:
// - The node list is shuffled once per evaluation (shuffle_nodes), then every placement of the
//   evaluation pulls from a StaticCursor that continues where the previous placement stopped
//   and wraps around, so successive placements look at different nodes.
// - Feasibility and scoring are lazy: the limit iterator pulls ranked options from a source
//   callback only while it still needs them, so a caller that scores inside the callback
//   scores exactly the nodes Nomad scores.
// - The limit set for a group with affinities or spreads stays in force for the later
//   placements of the evaluation until SetNodes runs again, as in Nomad (SamplingLimit).
#ifndef PORTOLAN_MODELS_FEASIBLE_NODE_SAMPLING_H_
#define PORTOLAN_MODELS_FEASIBLE_NODE_SAMPLING_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "sim/rng.h"

namespace portolan::models {

// stack.go: options scoring at or below this are skipped while better ones may follow
// (-1 is the lowest score of a node with penalties).
inline constexpr double kSkipScoreThreshold = 0.0;
// stack.go maxSkip: at most this many low-scoring options are set aside per placement.
inline constexpr int kMaxSkip = 3;
// nomad/structs/operator.go DefaultNodeLimitForFeasibilityChecks, the scheduler
// configuration's node_limit_for_feasibility_checks when unset.
inline constexpr int kDefaultNodeLimitForFeasibilityChecks = 100;

// GenericStack.SetNodes: 2 for batch jobs (power of two choices); for service jobs
// max(2, ceil(log2(n))); 2 when there are no nodes.
int base_sampling_limit(std::size_t node_count, bool batch);

// GenericStack.Select: with affinities or spreads, max(group count, node limit for
// feasibility checks); otherwise the current limit is left as it is.
int select_sampling_limit(
    int current_limit, bool has_affinities_or_spreads, int group_count,
    int node_limit_for_feasibility_checks = kDefaultNodeLimitForFeasibilityChecks);

// The LimitIterator's limit across one evaluation.
class SamplingLimit {
 public:
  void set_nodes(std::size_t node_count, bool batch) {
    limit_ = base_sampling_limit(node_count, batch);
  }
  void select(bool has_affinities_or_spreads, int group_count,
              int node_limit_for_feasibility_checks = kDefaultNodeLimitForFeasibilityChecks) {
    limit_ = select_sampling_limit(limit_, has_affinities_or_spreads, group_count,
                                   node_limit_for_feasibility_checks);
  }
  int limit() const { return limit_; }

 private:
  int limit_ = 2;  // NewLimitIterator(ctx, scoreNorm, 2, ...)
};

// feasible.go ShuffleNodes: Fisher-Yates from the back, j uniform in [0, i]. Nomad seeds
// Go's math/rand from the evaluation id; here the draws come from a simulator stream.
template <typename T>
void shuffle_nodes(std::span<T> nodes, sim::Rng& rng) {
  for (std::size_t i = nodes.size(); i-- > 1;) {
    const auto j = static_cast<std::size_t>(rng.below(i + 1));
    std::swap(nodes[i], nodes[j]);
  }
}

// feasible.go StaticIterator over n shuffled nodes: next() yields positions; reset() (called
// at the start of every placement) lets it yield n more, continuing from where it stopped.
class StaticCursor {
 public:
  explicit StaticCursor(std::size_t n = 0) : n_(n) {}
  void set_nodes(std::size_t n) {
    n_ = n;
    offset_ = 0;
    seen_ = 0;
  }
  void reset() { seen_ = 0; }
  std::optional<std::size_t> next();

 private:
  std::size_t n_ = 0;
  std::size_t offset_ = 0;
  std::size_t seen_ = 0;
};

// A ranked option: the position of the node in the caller's order and its final score.
struct RankedOption {
  std::size_t node = 0;
  double final_score = 0;
};
// Yields the next feasible, scored option, or nullopt when the nodes are exhausted.
using RankSource = std::function<std::optional<RankedOption>()>;

// select.go LimitIterator.
class LimitIterator {
 public:
  explicit LimitIterator(int limit = 2, double score_threshold = kSkipScoreThreshold,
                         int max_skip = kMaxSkip)
      : limit_(limit), max_skip_(max_skip), score_threshold_(score_threshold) {}
  void set_limit(int limit) { limit_ = limit; }
  int limit() const { return limit_; }
  // LimitIterator.Next.
  std::optional<RankedOption> next(const RankSource& source);
  // LimitIterator.Reset (the source is reset by the caller).
  void reset();

 private:
  std::optional<RankedOption> next_option(const RankSource& source);

  int limit_;
  int max_skip_;
  double score_threshold_;
  int seen_ = 0;
  std::vector<RankedOption> skipped_;
  std::size_t skipped_index_ = 0;
};

// MaxScoreIterator.Next: consumes the limit iterator and returns the option with the highest
// final score; on a tie the first seen wins.
std::optional<RankedOption> select_max_score(LimitIterator& limit, const RankSource& source);

// One placement over precomputed scores, for tests and policies that score eagerly:
// `scores[i]` is the final score of the i-th node in visiting order, nullopt if infeasible.
struct Selection {
  std::optional<std::size_t> chosen;  // index into scores
  std::size_t pulled = 0;             // how many entries of `scores` the source consumed
};
Selection select_node(std::span<const std::optional<double>> scores, int limit,
                      double score_threshold = kSkipScoreThreshold, int max_skip = kMaxSkip);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_FEASIBLE_NODE_SAMPLING_H_
