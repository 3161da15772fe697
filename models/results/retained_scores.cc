#include "models/results/retained_scores.h"

#include <limits>
#include <stdexcept>

namespace portolan::models {
namespace {

std::size_t words_for(const NodeScoreMeta& meta) {
  std::size_t words = 2;  // the head and the normalized score
  for (std::size_t s = 0; s < kScorerCount; ++s) {
    const auto value = meta.get(static_cast<Scorer>(s));
    if (value && std::bit_cast<std::uint64_t>(*value) != 0) ++words;
  }
  return words;
}

void append(const NodeScoreMeta& meta, std::vector<std::uint64_t>& words) {
  const std::size_t head = words.size();
  words.push_back(0);
  words.push_back(std::bit_cast<std::uint64_t>(meta.norm_score));
  unsigned present = 0;
  unsigned nonzero = 0;
  for (std::size_t s = 0; s < kScorerCount; ++s) {
    const auto value = meta.get(static_cast<Scorer>(s));
    if (!value) continue;
    present |= 1u << s;
    const auto bits = std::bit_cast<std::uint64_t>(*value);
    if (bits == 0) continue;
    nonzero |= 1u << s;
    words.push_back(bits);
  }
  words[head] = static_cast<std::uint32_t>(meta.node) |
                (static_cast<std::uint64_t>(present) << 32) |
                (static_cast<std::uint64_t>(nonzero) << 40);
}

}  // namespace

ScoreSpan RetainedScores::add(const TopScores& top) {
  std::size_t words = 0;
  for (std::size_t i = 0; i < top.size(); ++i) words += words_for(top[i]);
  if (words == 0) return {};
  if (chunks_.empty() || chunks_.back().size() + words > kChunkWords) {
    if (chunks_.size() > (std::numeric_limits<std::uint32_t>::max() >> kChunkBits)) {
      throw std::length_error("RetainedScores: more than 2^32 words of node scores");
    }
    chunks_.emplace_back().reserve(kChunkWords);
  }
  std::vector<std::uint64_t>& chunk = chunks_.back();
  const ScoreSpan span{
      .offset = static_cast<std::uint32_t>(((chunks_.size() - 1) << kChunkBits) + chunk.size()),
      .words = static_cast<std::uint32_t>(words)};
  for (std::size_t i = 0; i < top.size(); ++i) append(top[i], chunk);
  return span;
}

}  // namespace portolan::models
