#include "models/cluster/port_set.h"

#include <algorithm>
#include <bit>

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

PortSet::PortSet() : words_(zeroed_words()) {}

PortSet::PortSet(const PortSet& other) : words_(zeroed_words()), count_(other.count_) {
  *words_ = *other.words_;
}

PortSet& PortSet::operator=(const PortSet& other) {
  if (this != &other) {
    if (!words_) words_ = zeroed_words();
    *words_ = *other.words_;
    count_ = other.count_;
  }
  return *this;
}

bool PortSet::set(int port) {
  std::uint64_t& w = (*words_)[static_cast<unsigned>(port) >> 6];
  const std::uint64_t bit = std::uint64_t{1} << (port & 63);
  if (w & bit) return false;
  w |= bit;
  ++count_;
  return true;
}

bool PortSet::reset(int port) {
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

}  // namespace portolan::models
