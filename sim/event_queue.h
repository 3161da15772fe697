// A priority queue of timed callbacks, ordered by (time, insertion sequence).
//
// Contract:
// - pop() returns the pending event with the smallest time; among equal times, the one pushed
//   first (FIFO), so equal-time events run in a deterministic order.
// - Times are meant to be monotone, as a simulator's are: push(t) with t at or after the last
//   popped time is O(1); an earlier push is still correct but costs O(pending).
// - cancel(id) removes a pending event: it will never be returned. Cancelling an event that
//   already fired, was cancelled, or never existed returns false and changes nothing; ids are
//   never reused (a slot's generation advances each time it is freed).
//
// Representation: a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) over 64-bit times, with
// kDigitBits-bit digits. Bucket 0 holds the keys equal to the last popped time; the others are
// indexed by (level, digit): the highest kDigitBits-bit digit in which a key differs from the
// last popped time, and the key's value of that digit. Bucket order is key order. Push is O(1);
// pop redistributes the lowest non-empty bucket when bucket 0 is empty, and a key only moves
// to lower levels, so each moves at most 64 / kDigitBits times (about log256 of the spread of
// pending times over the gap between them; a binary radix heap moves keys eight times as often).
// A bitmask of non-empty buckets finds the lowest in a few word scans. Buckets are appended to
// in sequence order and redistributed in order into empty buckets, so every bucket stays in
// sequence order and bucket 0 pops FIFO. Entries are 16 bytes {time, slot, generation};
// callbacks stay put in a slot pool. Cancelled entries are dropped lazily when they surface.
#ifndef PORTOLAN_SIM_EVENT_QUEUE_H_
#define PORTOLAN_SIM_EVENT_QUEUE_H_

#include <bit>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/callback.h"
#include "sim/time.h"

namespace portolan::sim {

// Names one scheduled event. Default-constructed ids name nothing.
struct EventId {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;  // 0 is never a live generation
  bool operator==(const EventId&) const = default;
};

class EventQueue {
 public:
  struct Fired {
    Time time;
    Callback callback;
  };

  EventId push(Time time, Callback callback);
  bool cancel(EventId id);
  // Removes and returns the earliest pending event; nullopt when none is pending.
  std::optional<Fired> pop();
  // pop(), when the earliest pending event is at or before `limit`; else nullopt, and the
  // queue is unchanged. One look at the queue instead of next_time() then pop().
  std::optional<Fired> pop_until(Time limit);
  // Time of the earliest pending event; nullopt when none is pending.
  std::optional<Time> next_time();

  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

 private:
  struct Entry {
    Time time;
    std::uint32_t slot;
    std::uint32_t generation;
  };
  static constexpr int kDigitBits = 8;
  static constexpr int kRadix = 1 << kDigitBits;
  static constexpr int kLevels = (64 + kDigitBits - 1) / kDigitBits;
  static constexpr int kBuckets = 1 + kLevels * kRadix;
  static constexpr int kMaskWords = (kBuckets + 63) / 64;
  struct Slot {
    Callback callback;
    std::uint32_t generation = 1;
    bool pending = false;
  };

  int bucket_of(Time t) const {
    const auto key = static_cast<std::uint64_t>(t);
    const auto diff = key ^ static_cast<std::uint64_t>(last_);
    if (diff == 0) return 0;
    const int level = (63 - std::countl_zero(diff)) / kDigitBits;
    const auto digit = static_cast<int>((key >> (level * kDigitBits)) & (kRadix - 1));
    return 1 + level * kRadix + digit;
  }
  void append(int bucket, const Entry& e) {
    buckets_[bucket].push_back(e);
    nonempty_[bucket >> 6] |= std::uint64_t{1} << (bucket & 63);
  }
  // Clears `bucket`'s bit in the bitmask, once the caller has emptied or taken its vector.
  void mark_empty(int bucket) { nonempty_[bucket >> 6] &= ~(std::uint64_t{1} << (bucket & 63)); }
  // The lowest non-empty bucket above 0; kBuckets when there is none.
  int lowest_nonempty_above_zero() const;
  // Re-buckets every entry relative to `time`, which is below every pending time.
  void rebase(Time time);
  // Makes bucket 0 hold the earliest live entry at its head; false when nothing is pending.
  bool settle();
  void free_slot(std::uint32_t slot);

  std::vector<Entry> buckets_[kBuckets];
  std::uint64_t nonempty_[kMaskWords] = {};  // bit b: buckets_[b] may be non-empty (b > 0)
  std::size_t head_ = 0;                     // bucket 0 is consumed from its front
  Time last_ = 0;  // the time buckets are relative to: the last minimum extracted
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_EVENT_QUEUE_H_
