#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace portolan::sim {
namespace {

TEST(Simulator, RunsEventsInTimeOrderAndAdvancesTheClock) {
  Simulator sim;
  std::vector<Time> seen;
  sim.schedule_at(30, [&] { seen.push_back(sim.now()); });
  sim.schedule_at(10, [&] { seen.push_back(sim.now()); });
  sim.schedule_after(20, [&] { seen.push_back(sim.now()); });
  sim.run();
  EXPECT_EQ(seen, (std::vector<Time>{10, 20, 30}));
  EXPECT_EQ(sim.now(), 30);
  EXPECT_EQ(sim.events_executed(), 3u);
  EXPECT_EQ(sim.pending(), 0u);
}

TEST(Simulator, EqualTimesRunInSchedulingOrderIncludingNestedOnes) {
  Simulator sim;
  std::vector<int> order;
  sim.schedule_at(5, [&] {
    order.push_back(1);
    sim.schedule_after(0, [&] { order.push_back(4); });
  });
  sim.schedule_at(5, [&] { order.push_back(2); });
  sim.schedule_at(5, [&] { order.push_back(3); });
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

TEST(Simulator, CancelledEventsNeverFireEvenFromInsideACallback) {
  Simulator sim;
  std::vector<int> order;
  EventId later;
  sim.schedule_at(1, [&] {
    order.push_back(1);
    EXPECT_TRUE(sim.cancel(later));
  });
  later = sim.schedule_at(2, [&] { order.push_back(2); });
  const EventId fired = sim.schedule_at(3, [&] { order.push_back(3); });
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{1, 3}));
  EXPECT_FALSE(sim.cancel(fired));  // already fired
  EXPECT_FALSE(sim.cancel(later));  // already cancelled
}

TEST(Simulator, RunUntilIncludesItsBoundaryAndStopsBeforeLaterEvents) {
  Simulator sim;
  std::vector<Time> seen;
  for (const Time t : {5, 10, 11}) sim.schedule_at(t, [&] { seen.push_back(sim.now()); });
  sim.schedule_at(10, [&] { sim.schedule_at(10, [&] { seen.push_back(-10); }); });
  sim.run_until(10);
  EXPECT_EQ(seen, (std::vector<Time>{5, 10, -10}));
  EXPECT_EQ(sim.now(), 10);
  EXPECT_EQ(sim.pending(), 1u);
  sim.run_until(20);
  EXPECT_EQ(seen.back(), 11);
  EXPECT_EQ(sim.now(), 20);  // the clock moves to the boundary even with nothing left
}

TEST(Simulator, StopEndsTheRunAfterTheCurrentEvent) {
  Simulator sim;
  int fired = 0;
  sim.schedule_at(1, [&] {
    ++fired;
    sim.stop();
  });
  sim.schedule_at(2, [&] { ++fired; });
  sim.run();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(sim.now(), 1);
  sim.run();  // resumes
  EXPECT_EQ(fired, 2);
}

TEST(Simulator, RejectsThePast) {
  Simulator sim;
  sim.schedule_at(10, [] {});
  sim.run();
  EXPECT_THROW(sim.schedule_at(9, [] {}), std::invalid_argument);
  EXPECT_THROW(sim.schedule_after(-1, [] {}), std::invalid_argument);
  EXPECT_NO_THROW(sim.schedule_at(10, [] {}));
}

TEST(Simulator, EventHookRunsAfterEveryNthEventAcrossRuns) {
  Simulator sim;
  for (int i = 1; i <= 10; ++i) sim.schedule_at(i * 100, [] {});
  std::vector<std::pair<Time, std::uint64_t>> seen;  // (now, events executed) at each call
  sim.set_event_hook(4, [&] { seen.emplace_back(sim.now(), sim.events_executed()); });
  sim.run_until(500);  // events 1..5: the hook after the 4th, at t = 400
  sim.run();           // events 6..10: after the 8th, at t = 800
  const std::vector<std::pair<Time, std::uint64_t>> expected = {{400, 4}, {800, 8}};
  EXPECT_EQ(seen, expected);
  // A hook set mid-run counts from the events already executed: the next multiple of 3 is 12.
  for (int i = 11; i <= 13; ++i) sim.schedule_at(i * 100, [] {});
  sim.set_event_hook(3, [&] { seen.emplace_back(sim.now(), sim.events_executed()); });
  sim.run();
  EXPECT_EQ(seen.back(), (std::pair<Time, std::uint64_t>{1200, 12}));
  sim.set_event_hook(1, nullptr);  // removed
  sim.schedule_at(1400, [] {});
  sim.run();
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_THROW(sim.set_event_hook(0, [] {}), std::invalid_argument);
}

}  // namespace
}  // namespace portolan::sim
