// How many of a node's live allocations belong to each key (a job, or a job's group): what job
// anti-affinity reads for every node the scheduler scores, and what a placement updates.
//
// Contract. Counts by a non-negative 64-bit key: an open-addressing table with linear probing,
// a power-of-two number of slots kept at most three quarters full, and backward-shift removal
// (no tombstones), so a lookup or an update reads one cache line in the common case. The
// sorted vectors it replaced cost a binary search over a few hundred entries of a node not in
// the cache: about seven misses for every node scored and every placement. prefetch() starts
// loading the line a later count(key) reads. for_each() visits the keys in slot order, which
// the same adds and removes reproduce but which is not key order. remove() of a key with no
// count is a bug (asserted; a no-op in a release build).
#ifndef PORTOLAN_MODELS_CLUSTER_HASHED_COUNTS_H_
#define PORTOLAN_MODELS_CLUSTER_HASHED_COUNTS_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace portolan::models {

class HashedCounts {
 public:
  int count(std::int64_t key) const {
    if (slots_.empty()) return 0;
    for (std::size_t i = home(key);; i = next(i)) {
      if (slots_[i].key == key) return slots_[i].count;
      if (slots_[i].key == kEmpty) return 0;
    }
  }
  void add(std::int64_t key) {
    assert(key >= 0);
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    std::size_t i = home(key);
    while (slots_[i].key != kEmpty && slots_[i].key != key) i = next(i);
    if (slots_[i].key == kEmpty) {
      slots_[i].key = key;
      ++size_;
    }
    ++slots_[i].count;
  }
  void remove(std::int64_t key) {
    if (slots_.empty()) return;
    std::size_t i = home(key);
    while (slots_[i].key != key) {
      if (slots_[i].key == kEmpty) {
        assert(false && "HashedCounts::remove of a key with no count");
        return;
      }
      i = next(i);
    }
    if (--slots_[i].count > 0) return;
    // Backward shift: move later members of the probe run into the hole when their home
    // position does not lie cyclically in (hole, j].
    std::size_t hole = i;
    for (std::size_t j = next(hole); slots_[j].key != kEmpty; j = next(j)) {
      const std::size_t h = home(slots_[j].key);
      const bool stays = hole < j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (stays) continue;
      slots_[hole] = slots_[j];
      hole = j;
    }
    slots_[hole] = Slot{};
    --size_;
  }
  // Keys with a count.
  std::size_t size() const { return size_; }
  // Calls f(key, count) for each key with a count, in slot order.
  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.key != kEmpty) f(s.key, s.count);
    }
  }
  // A cache hint: count(key) is coming.
  void prefetch(std::int64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
  }

 private:
  static constexpr std::int64_t kEmpty = -1;
  struct Slot {
    std::int64_t key = kEmpty;
    int count = 0;
  };

  std::size_t home(std::int64_t key) const {
    // Fibonacci hashing: the top bits of the product, spread over the table.
    const std::uint64_t h = static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h >> shift_);
  }
  std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 8 : old.size() * 2, Slot{});
    shift_ = 64 - static_cast<int>(__builtin_ctzll(slots_.size()));
    for (const Slot& s : old) {
      if (s.key == kEmpty) continue;
      std::size_t i = home(s.key);
      while (slots_[i].key != kEmpty) i = next(i);
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_HASHED_COUNTS_H_
