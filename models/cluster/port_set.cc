#include "models/cluster/port_set.h"

#include <algorithm>
#include <bit>
#include <iterator>
#include <vector>

#include "models/cluster/huge_pages.h"

namespace portolan::models {
namespace {

// Every port set's words: one 8 KiB block each, 256 to a huge page.
HugePageBlocks& word_blocks() {
  static HugePageBlocks blocks(sizeof(std::array<std::uint64_t, PortSet::kSize / 64>));
  return blocks;
}

// Bits lo..hi (inclusive, 0 <= lo <= hi <= 63) of one word.
std::uint64_t bits_between(int lo, int hi) {
  const std::uint64_t upto_hi = hi == 63 ? ~std::uint64_t{0} : (std::uint64_t{1} << (hi + 1)) - 1;
  return upto_hi & ~((std::uint64_t{1} << lo) - 1);
}

// Position of the n-th (from 0) set bit of `w`; `w` has more than n set bits.
int select_bit(std::uint64_t w, int n) {
  for (int i = 0; i < n; ++i) w &= w - 1;  // drop the lowest set bit n times
  return std::countr_zero(w);
}

}  // namespace

std::unique_ptr<PortSet::Words, PortSet::Release> PortSet::zeroed_words() {
  return std::unique_ptr<Words, Release>(static_cast<Words*>(word_blocks().allocate()));
}

void PortSet::Release::operator()(Words* words) const { word_blocks().release(words); }

PortSet::PortSet(const PortSet& other) { *this = other; }

PortSet& PortSet::operator=(const PortSet& other) {
  if (this != &other) {
    if (other.words_) {
      if (!words_) words_ = zeroed_words();
      *words_ = *other.words_;
    } else {
      words_.reset();
    }
    count_ = other.count_;
    small_ = other.small_;
  }
  return *this;
}

bool PortSet::set(int port) {
  if (!words_) {
    const auto end = small_.begin() + count_;
    const auto at = std::lower_bound(small_.begin(), end, port);
    if (at != end && *at == port) return false;
    if (count_ < kInline) {
      std::copy_backward(at, end, end + 1);
      *at = static_cast<std::uint16_t>(port);
      ++count_;
      return true;
    }
    // Full: spill into the bitmap for good.
    words_ = zeroed_words();
    for (int i = 0; i < count_; ++i) {
      const int p = small_[static_cast<std::size_t>(i)];
      (*words_)[static_cast<unsigned>(p) >> 6] |= std::uint64_t{1} << (p & 63);
    }
  }
  std::uint64_t& w = (*words_)[static_cast<unsigned>(port) >> 6];
  const std::uint64_t bit = std::uint64_t{1} << (port & 63);
  if (w & bit) return false;
  w |= bit;
  ++count_;
  return true;
}

bool PortSet::reset(int port) {
  if (!words_) {
    const auto end = small_.begin() + count_;
    const auto at = std::lower_bound(small_.begin(), end, port);
    if (at == end || *at != port) return false;
    std::copy(at + 1, end, at);
    --count_;
    return true;
  }
  std::uint64_t& w = (*words_)[static_cast<unsigned>(port) >> 6];
  const std::uint64_t bit = std::uint64_t{1} << (port & 63);
  if (!(w & bit)) return false;
  w &= ~bit;
  --count_;
  return true;
}

int PortSet::count_in_range(int lo, int hi) const {
  lo = std::max(lo, 0);
  hi = std::min(hi, kSize - 1);
  if (!words_) {
    const auto end = small_.begin() + count_;
    return static_cast<int>(
        std::count_if(small_.begin(), end, [&](int p) { return p >= lo && p <= hi; }));
  }
  int total = 0;
  for (int word = lo >> 6; lo <= hi && word <= (hi >> 6); ++word) {
    const int first = word == (lo >> 6) ? (lo & 63) : 0;
    const int last = word == (hi >> 6) ? (hi & 63) : 63;
    total += std::popcount((*words_)[static_cast<unsigned>(word)] & bits_between(first, last));
  }
  return total;
}

int PortSet::nth_free_in_range(int lo, int hi, int n, std::span<const int> excluded) const {
  lo = std::max(lo, 0);
  hi = std::min(hi, kSize - 1);
  if (n < 0 || lo > hi) return -1;
  if (!words_) return nth_free_small(lo, hi, n, excluded);
  auto next_excluded = std::lower_bound(excluded.begin(), excluded.end(), lo);
  for (int word = lo >> 6; word <= (hi >> 6); ++word) {
    const int first = word == (lo >> 6) ? (lo & 63) : 0;
    const int last = word == (hi >> 6) ? (hi & 63) : 63;
    std::uint64_t free = ~(*words_)[static_cast<unsigned>(word)] & bits_between(first, last);
    const int word_end = (word + 1) << 6;
    for (; next_excluded != excluded.end() && *next_excluded < word_end; ++next_excluded) {
      if (*next_excluded <= hi) free &= ~(std::uint64_t{1} << (*next_excluded & 63));
    }
    const int c = std::popcount(free);
    if (n < c) return (word << 6) + select_bit(free, n);
    n -= c;
  }
  return -1;
}

int PortSet::nth_free_small(int lo, int hi, int n, std::span<const int> excluded) const {
  // The taken ports of [lo, hi], ascending and distinct: members and exclusions merged.
  std::vector<int> taken;
  const auto end = small_.begin() + count_;
  std::merge(std::lower_bound(small_.begin(), end, lo), std::upper_bound(small_.begin(), end, hi),
             std::lower_bound(excluded.begin(), excluded.end(), lo),
             std::upper_bound(excluded.begin(), excluded.end(), hi), std::back_inserter(taken));
  taken.erase(std::unique(taken.begin(), taken.end()), taken.end());
  // Start at the n-th port of the range and step over each taken port at or before it.
  int port = lo + n;
  for (const int t : taken) {
    if (t > port) break;
    ++port;
  }
  return port <= hi ? port : -1;
}

}  // namespace portolan::models
