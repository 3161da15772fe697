#include "sim/event_queue.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <utility>

namespace portolan::sim {

int EventQueue::lowest_nonempty_above_zero() const {
  for (int w = 0; w < kMaskWords; ++w) {
    const std::uint64_t bits = w == 0 ? nonempty_[0] & ~std::uint64_t{1} : nonempty_[w];
    if (bits != 0) return w * 64 + std::countr_zero(bits);
  }
  return kBuckets;
}

void EventQueue::rebase(Time time) {
  std::vector<Entry> all;
  all.insert(all.end(), buckets_[0].begin() + static_cast<std::ptrdiff_t>(head_),
             buckets_[0].end());
  buckets_[0].clear();
  // In bucket order, which is key order: equal times stay in their relative (sequence) order.
  for (int b = lowest_nonempty_above_zero(); b < kBuckets; b = lowest_nonempty_above_zero()) {
    all.insert(all.end(), buckets_[b].begin(), buckets_[b].end());
    buckets_[b].clear();
    mark_empty(b);
  }
  head_ = 0;
  last_ = time;
  for (const Entry& e : all) append(bucket_of(e.time), e);
}

EventId EventQueue::push(Time time, Callback callback) {
  // A push before the last settled minimum (possible after next_time() looked ahead) moves
  // the base down; a simulator pushes at or after its clock, so this stays rare.
  if (time < last_) rebase(time);
  std::uint32_t slot;
  if (free_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  Slot& s = slots_[slot];
  s.callback = std::move(callback);
  s.pending = true;
  append(bucket_of(time), Entry{time, slot, s.generation});
  ++live_;
  return EventId{slot, s.generation};
}

bool EventQueue::cancel(EventId id) {
  if (id.slot >= slots_.size()) return false;
  Slot& s = slots_[id.slot];
  if (!s.pending || s.generation != id.generation) return false;
  s.pending = false;
  s.callback = nullptr;  // release captured state now, not when the entry surfaces
  --live_;
  return true;
}

bool EventQueue::settle() {
  for (;;) {
    std::vector<Entry>& zero = buckets_[0];
    // Drop cancelled entries at the head of bucket 0.
    while (head_ < zero.size()) {
      const Entry& e = zero[head_];
      const Slot& s = slots_[e.slot];
      if (s.pending && s.generation == e.generation) return true;
      if (s.generation == e.generation) free_slot(e.slot);  // cancelled: recycle now
      ++head_;
    }
    zero.clear();
    head_ = 0;
    if (live_ == 0) {  // only cancelled entries remain anywhere: recycle their slots
      for (int b = lowest_nonempty_above_zero(); b < kBuckets; b = lowest_nonempty_above_zero()) {
        for (const Entry& e : buckets_[b]) {
          if (slots_[e.slot].generation == e.generation) free_slot(e.slot);
        }
        buckets_[b].clear();
        mark_empty(b);
      }
      return false;
    }
    const int b = lowest_nonempty_above_zero();
    std::vector<Entry> moving;
    moving.swap(buckets_[b]);
    mark_empty(b);
    // The new base is the bucket's smallest time, cancelled entries included: it is still at
    // or below every live time, and reading only the entries (not their slots) keeps this
    // loop on contiguous memory. Cancelled entries are dropped when they reach bucket 0.
    Time min = moving.front().time;
    for (const Entry& e : moving) min = std::min(min, e.time);
    last_ = min;
    for (const Entry& e : moving) {
      const int to = bucket_of(e.time);
      // Bucket 0 is what pops next: fetch those events' slots while the loop goes on.
      if (to == 0) {
        __builtin_prefetch(&slots_[e.slot].callback);
        __builtin_prefetch(&slots_[e.slot].generation);
      }
      append(to, e);
    }
    moving.clear();
    buckets_[b].swap(moving);  // keep the capacity
  }
}

std::optional<EventQueue::Fired> EventQueue::pop() {
  return pop_until(std::numeric_limits<Time>::max());
}

std::optional<EventQueue::Fired> EventQueue::pop_until(Time limit) {
  if (!settle() || buckets_[0][head_].time > limit) return std::nullopt;
  const Entry e = buckets_[0][head_++];
  Slot& s = slots_[e.slot];
  Fired fired{e.time, std::move(s.callback)};
  s.pending = false;
  --live_;
  free_slot(e.slot);
  return fired;
}

std::optional<Time> EventQueue::next_time() {
  if (!settle()) return std::nullopt;
  return buckets_[0][head_].time;
}

void EventQueue::free_slot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.callback = nullptr;
  if (++s.generation == 0) s.generation = 1;
  free_.push_back(slot);
}

}  // namespace portolan::sim
