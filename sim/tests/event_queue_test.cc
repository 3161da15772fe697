#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <set>
#include <vector>

namespace portolan::sim {
namespace {

std::vector<int> drain(EventQueue& q) {
  std::vector<int> order;
  while (auto e = q.pop()) e->callback();
  return order;
}

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue q;
  std::vector<Time> fired;
  for (const Time t : {50, 10, 40, 20, 30}) q.push(t, [&fired, t] { fired.push_back(t); });
  while (auto e = q.pop()) {
    EXPECT_EQ(e->time, fired.size() * 10 + 10);
    e->callback();
  }
  EXPECT_EQ(fired, (std::vector<Time>{10, 20, 30, 40, 50}));
}

TEST(EventQueue, EqualTimesAreFifo) {
  EventQueue q;
  std::vector<int> fired;
  for (int i = 0; i < 100; ++i) q.push(i % 3 == 0 ? 5 : 7, [&fired, i] { fired.push_back(i); });
  drain(q);
  std::vector<int> expected;
  for (int i = 0; i < 100; i += 3) expected.push_back(i);
  for (int i = 0; i < 100; ++i) {
    if (i % 3 != 0) expected.push_back(i);
  }
  EXPECT_EQ(fired, expected);
}

TEST(EventQueue, CancelledEventsNeverPop) {
  EventQueue q;
  std::vector<int> fired;
  const EventId a = q.push(1, [&] { fired.push_back(1); });
  q.push(2, [&] { fired.push_back(2); });
  const EventId c = q.push(3, [&] { fired.push_back(3); });
  EXPECT_TRUE(q.cancel(a));
  EXPECT_TRUE(q.cancel(c));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_FALSE(q.cancel(a));  // twice
  drain(q);
  EXPECT_EQ(fired, (std::vector<int>{2}));
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, StaleIdsCancelNothing) {
  EventQueue q;
  const EventId first = q.push(1, [] {});
  ASSERT_TRUE(q.pop().has_value());
  bool fired = false;
  const EventId second = q.push(2, [&] { fired = true; });  // reuses the slot
  EXPECT_EQ(first.slot, second.slot);
  EXPECT_FALSE(q.cancel(first));
  EXPECT_FALSE(q.cancel(EventId{}));
  EXPECT_FALSE(q.cancel(EventId{999, 1}));
  q.pop()->callback();
  EXPECT_TRUE(fired);
}

TEST(EventQueue, MatchesAReferenceOrderUnderChurn) {
  // Pseudo-random pushes and cancels, checked against a sorted reference.
  EventQueue q;
  std::vector<std::pair<Time, int>> reference;  // (time, id) of pending events
  std::vector<EventId> ids;
  std::uint64_t x = 12345;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int i = 0; i < 2000; ++i) {
    const Time t = static_cast<Time>(next() >> 54);
    ids.push_back(q.push(t, [] {}));
    reference.push_back({t, i});
    if (i % 7 == 3) {
      const int victim = static_cast<int>((next() >> 33) % static_cast<std::uint64_t>(i + 1));
      const bool was_pending = std::find_if(reference.begin(), reference.end(), [&](auto& r) {
                                 return r.second == victim;
                               }) != reference.end();
      EXPECT_EQ(q.cancel(ids[static_cast<std::size_t>(victim)]), was_pending);
      std::erase_if(reference, [&](auto& r) { return r.second == victim; });
    }
  }
  std::stable_sort(reference.begin(), reference.end(),
                   [](auto& a, auto& b) { return a.first < b.first; });
  ASSERT_EQ(q.size(), reference.size());
  for (const auto& r : reference) {
    const auto e = q.pop();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->time, r.first);
  }
  EXPECT_FALSE(q.pop().has_value());
}

TEST(EventQueue, HoldsOrderAcrossEveryDigitLevel) {
  // A hold model whose delays span 0 to 2^62 ns, so keys enter at every level of the 8-bit
  // digits and are redistributed down through each; pops interleave with pushes, and every pop
  // must be the reference's (time, push order) minimum, equal times included.
  EventQueue q;
  std::set<std::pair<Time, int>> reference;  // (time, push sequence) of pending events
  std::uint64_t x = 99;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL; };
  int fired = -1;
  int seq = 0;
  auto push = [&](Time t) {
    const int id = seq++;
    q.push(t, [&fired, id] { fired = id; });
    reference.insert({t, id});
  };
  for (int i = 0; i < 500; ++i) push(static_cast<Time>(next() >> (2 + next() % 62)));
  Time now = 0;
  for (int i = 0; i < 20000; ++i) {
    auto e = q.pop();
    ASSERT_TRUE(e.has_value());
    e->callback();
    ASSERT_EQ(std::make_pair(e->time, fired), *reference.begin()) << "pop " << i;
    reference.erase(reference.begin());
    ASSERT_GE(e->time, now);
    now = e->time;
    // One or two more: some at now (FIFO among equals), the rest up to 2^62 ns ahead.
    for (int k = 0; k < 1 + static_cast<int>(next() % 2) && reference.size() < 800; ++k) {
      const std::uint64_t r = next();
      const Time delay = r % 5 == 0 ? 0 : static_cast<Time>(next() >> (2 + r % 62));
      push(now + delay);
    }
  }
  EXPECT_EQ(q.size(), reference.size());
}

}  // namespace
}  // namespace portolan::sim

namespace portolan::sim {
namespace {

TEST(EventQueue, PushBeforeALookedAheadMinimumKeepsOrder) {
  EventQueue q;
  std::vector<int> fired;
  q.push(100, [&] { fired.push_back(100); });
  q.push(100, [&] { fired.push_back(101); });
  q.push(300, [&] { fired.push_back(300); });
  ASSERT_EQ(q.next_time(), 100);  // settles the base at 100
  q.push(50, [&] { fired.push_back(50); });
  q.push(100, [&] { fired.push_back(102); });
  EXPECT_EQ(q.next_time(), 50);
  while (auto e = q.pop()) e->callback();
  EXPECT_EQ(fired, (std::vector<int>{50, 100, 101, 102, 300}));
}

TEST(EventQueue, PopUntilStopsAtItsLimitAndSkipsCancelledEvents) {
  EventQueue q;
  std::vector<int> fired;
  const EventId cancelled = q.push(20, [&] { fired.push_back(20); });
  q.push(30, [&] { fired.push_back(30); });
  q.push(30, [&] { fired.push_back(31); });
  q.push(40, [&] { fired.push_back(40); });
  q.cancel(cancelled);
  EXPECT_FALSE(q.pop_until(19).has_value());
  while (auto e = q.pop_until(30)) e->callback();
  EXPECT_EQ(fired, (std::vector<int>{30, 31}));
  EXPECT_EQ(q.size(), 1u);
  q.push(35, [&] { fired.push_back(35); });  // before the looked-at 40, after the last pop
  while (auto e = q.pop_until(100)) e->callback();
  EXPECT_EQ(fired, (std::vector<int>{30, 31, 35, 40}));
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, NonTrivialCallablesAreDestroyedOnceTrivialOnesCopiedAsBytes) {
  // A shared_ptr capture takes the move-and-destroy path, an int capture the byte copy.
  auto token = std::make_shared<int>(7);
  int sum = 0;
  {
    EventQueue q;
    q.push(10, [token, &sum] { sum += *token; });
    q.push(20, [&sum] { sum += 100; });
    q.push(30, [token] {});  // never popped: released with the queue
    EXPECT_EQ(token.use_count(), 3);
    for (int i = 0; i < 2; ++i) q.pop()->callback();
    EXPECT_EQ(token.use_count(), 2);  // the popped callback is gone once fired
  }
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_EQ(sum, 107);
}

TEST(EventQueue, SlotsOfCancelledEventsAreRecycled) {
  EventQueue q;
  for (int round = 0; round < 100; ++round) {
    const EventId id = q.push(round * 10 + 5, [] {});
    q.cancel(id);
    q.push(round * 10 + 7, [] {});
    ASSERT_TRUE(q.pop().has_value());
  }
  // Two slots suffice when every cancelled slot comes back.
  const EventId a = q.push(10000, [] {});
  const EventId b = q.push(10001, [] {});
  EXPECT_LT(a.slot, 3u);
  EXPECT_LT(b.slot, 3u);
}

TEST(EventQueue, MoveOnlyAndLargeCallablesWork) {
  EventQueue q;
  auto owned = std::make_unique<int>(41);
  int seen = 0;
  q.push(1, [&seen, p = std::move(owned)] { seen = *p + 1; });
  std::array<char, 200> big{};
  big[199] = 3;
  q.push(2, [&seen, big] { seen += big[199]; });
  while (auto e = q.pop()) e->callback();
  EXPECT_EQ(seen, 45);
}

}  // namespace
}  // namespace portolan::sim
