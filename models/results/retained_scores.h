// The retained node scores of every placement of a run (AllocMetric.ScoreMetaData): one store
// of 8-byte words, where each placement's metric names its stretch (ScoreSpan).
//
// C2M keeps two million of them. One heap block per placement cost a 24-byte vector in the
// record and a malloc header, and left the blocks the engine frees during a run scattered
// between live ones, resident after the run; here the words sit in large chunks.
//
// Encoding, per node: a word with the node index, the scorers present and which of them are
// not +0.0; the normalized score; then the present scores that are not +0.0, in scorer order.
// A score of +0.0 (a scorer that does not apply records one) is not stored; every other value
// keeps its bits, so decoding gives back the same doubles.
//
// Contract: a span is valid only in the store that returned it; spans never move or change.
#ifndef PORTOLAN_MODELS_RESULTS_RETAINED_SCORES_H_
#define PORTOLAN_MODELS_RESULTS_RETAINED_SCORES_H_

#include <bit>
#include <cstdint>
#include <vector>

#include "models/results/placement_metric.h"

namespace portolan::models {

class RetainedScores {
 public:
  // Stores `top` (best first) and returns where; an empty top gives an empty span.
  ScoreSpan add(const TopScores& top);

  // Calls f(const NodeScoreMeta&) for each node of `span`, best first.
  template <typename F>
  void for_each(ScoreSpan span, F&& f) const {
    if (span.empty()) return;
    const std::uint64_t* words = chunks_[span.offset >> kChunkBits].data();
    std::size_t w = span.offset & (kChunkWords - 1);
    const std::size_t end = w + span.words;
    while (w < end) {
      const std::uint64_t head = words[w++];
      NodeScoreMeta meta;
      meta.node = static_cast<int>(static_cast<std::uint32_t>(head));
      const auto present = static_cast<unsigned>((head >> 32) & 0xFF);
      const auto nonzero = static_cast<unsigned>((head >> 40) & 0xFF);
      meta.norm_score = std::bit_cast<double>(words[w++]);
      for (std::size_t s = 0; s < kScorerCount; ++s) {
        if ((present & (1u << s)) == 0) continue;
        meta.set(static_cast<Scorer>(s),
                 (nonzero & (1u << s)) != 0 ? std::bit_cast<double>(words[w++]) : 0.0);
      }
      f(meta);
    }
  }

  // Bytes of the chunks (those reserved, used or not).
  std::size_t heap_bytes() const { return chunks_.size() * kChunkWords * sizeof(std::uint64_t); }

 private:
  // A chunk of 2^16 words (512 KiB): large enough to be mapped on its own, and a span (at most
  // 5 * (2 + kScorerCount) words) never crosses one.
  static constexpr unsigned kChunkBits = 16;
  static constexpr std::size_t kChunkWords = std::size_t{1} << kChunkBits;

  std::vector<std::vector<std::uint64_t>> chunks_;  // each reserved to kChunkWords
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_RETAINED_SCORES_H_
