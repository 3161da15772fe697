#include "models/feasible/node_sampling.h"

#include <cmath>

namespace portolan::models {

int base_sampling_limit(std::size_t node_count, bool batch) {
  // stack.go GenericStack.SetNodes
  int limit = 2;
  if (!batch && node_count > 0) {
    const int log_limit = static_cast<int>(std::ceil(std::log2(static_cast<double>(node_count))));
    if (log_limit > limit) limit = log_limit;
  }
  return limit;
}

int select_sampling_limit(int current_limit, bool has_affinities_or_spreads, int group_count,
                          int node_limit_for_feasibility_checks) {
  // stack.go GenericStack.Select: scoring spread across all nodes is quadratic, so consider a
  // subset large enough for spread to be statistically correct.
  if (!has_affinities_or_spreads) return current_limit;
  if (group_count < node_limit_for_feasibility_checks) return node_limit_for_feasibility_checks;
  return group_count;
}

std::optional<std::size_t> StaticCursor::next() {
  // feasible.go StaticIterator.Next
  if (offset_ == n_ || seen_ == n_) {
    if (seen_ != n_) {
      offset_ = 0;  // seen was reset: wrap around
    } else {
      return std::nullopt;
    }
  }
  const std::size_t offset = offset_;
  ++offset_;
  ++seen_;
  return offset;
}

std::optional<RankedOption> LimitIterator::next(const RankSource& source) {
  // select.go LimitIterator.Next
  if (seen_ == limit_) return std::nullopt;
  std::optional<RankedOption> option = next_option(source);
  if (!option) return std::nullopt;
  if (static_cast<int>(skipped_.size()) < max_skip_) {
    // Skip ahead, up to max_skip options, past options scoring at or below the threshold.
    while (option && option->final_score <= score_threshold_ &&
           static_cast<int>(skipped_.size()) < max_skip_) {
      skipped_.push_back(*option);
      option = source();
    }
  }
  ++seen_;
  if (!option) return next_option(source);  // nothing better: use the skipped options
  return option;
}

std::optional<RankedOption> LimitIterator::next_option(const RankSource& source) {
  // select.go LimitIterator.nextOption: skipped options once the source is exhausted.
  std::optional<RankedOption> from_source = source();
  if (!from_source && skipped_index_ < skipped_.size()) return skipped_[skipped_index_++];
  return from_source;
}

void LimitIterator::reset() {
  seen_ = 0;
  skipped_.clear();
  skipped_index_ = 0;
}

std::optional<RankedOption> select_max_score(LimitIterator& limit, const RankSource& source) {
  // select.go MaxScoreIterator.Next
  std::optional<RankedOption> max;
  while (const auto option = limit.next(source)) {
    if (!max || option->final_score > max->final_score) max = option;
  }
  return max;
}

Selection select_node(std::span<const std::optional<double>> scores, int limit,
                      double score_threshold, int max_skip) {
  Selection out;
  std::size_t pos = 0;
  const RankSource source = [&]() -> std::optional<RankedOption> {
    while (pos < scores.size()) {
      const std::size_t i = pos++;
      out.pulled = pos;
      if (scores[i]) return RankedOption{i, *scores[i]};
    }
    return std::nullopt;
  };
  LimitIterator iter(limit, score_threshold, max_skip);
  if (const auto best = select_max_score(iter, source)) out.chosen = best->node;
  return out;
}

}  // namespace portolan::models
