#include "sim/event_queue.h"

#include <utility>

namespace portolan::sim {

EventId EventQueue::push(Time time, Callback callback) {
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
  heap_.push_back(Key{time, next_seq_++, slot});
  sift_up(heap_.size() - 1);
  ++live_;
  return EventId{slot, s.generation};
}

bool EventQueue::cancel(EventId id) {
  if (id.slot >= slots_.size()) return false;
  Slot& s = slots_[id.slot];
  if (!s.pending || s.generation != id.generation) return false;
  s.pending = false;
  s.callback = nullptr;  // release captured state now, not when the key surfaces
  --live_;
  return true;
}

std::optional<EventQueue::Fired> EventQueue::pop() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  const Key top = heap_.front();
  Slot& s = slots_[top.slot];
  Fired fired{top.time, std::move(s.callback)};
  s.pending = false;
  --live_;
  pop_top();
  free_slot(top.slot);
  return fired;
}

std::optional<Time> EventQueue::next_time() {
  discard_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().time;
}

void EventQueue::discard_cancelled_top() {
  while (!heap_.empty() && !slots_[heap_.front().slot].pending) {
    const std::uint32_t slot = heap_.front().slot;
    pop_top();
    free_slot(slot);
  }
}

void EventQueue::free_slot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.callback = nullptr;
  if (++s.generation == 0) s.generation = 1;
  free_.push_back(slot);
}

void EventQueue::pop_top() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void EventQueue::sift_up(std::size_t i) {
  const Key key = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!key.before(heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = key;
}

void EventQueue::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  const Key key = heap_[i];
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < last; ++c) {
      if (heap_[c].before(heap_[best])) best = c;
    }
    if (!heap_[best].before(key)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = key;
}

}  // namespace portolan::sim
