// A priority queue of timed callbacks, ordered by (time, insertion sequence).
//
// Contract:
// - pop() returns the pending event with the smallest time; among equal times, the one pushed
//   first (FIFO), so equal-time events run in a deterministic order.
// - cancel(id) removes a pending event: it will never be returned. Cancelling an event that
//   already fired, was cancelled, or never existed returns false and changes nothing; ids are
//   never reused (a slot's generation advances each time it is freed).
// - Callbacks live in a slot pool; the heap holds only 24-byte keys {time, seq, slot}, so heap
//   sifts never move callbacks. The heap is 4-ary: shallower than binary, with the four
//   children of a node on one or two cache lines. Cancelled events are removed lazily: their
//   key stays in the heap until it reaches the top and is then discarded.
#ifndef PORTOLAN_SIM_EVENT_QUEUE_H_
#define PORTOLAN_SIM_EVENT_QUEUE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/time.h"

namespace portolan::sim {

using Callback = std::function<void()>;

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
  // Time of the earliest pending event; nullopt when none is pending.
  std::optional<Time> next_time();

  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

 private:
  struct Key {
    Time time;
    std::uint64_t seq;
    std::uint32_t slot;
    bool before(const Key& o) const { return time < o.time || (time == o.time && seq < o.seq); }
  };
  struct Slot {
    Callback callback;
    std::uint32_t generation = 1;
    bool pending = false;
  };

  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void pop_top();
  void discard_cancelled_top();
  void free_slot(std::uint32_t slot);

  std::vector<Key> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::uint64_t next_seq_ = 0;
  std::size_t live_ = 0;
};

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_EVENT_QUEUE_H_
