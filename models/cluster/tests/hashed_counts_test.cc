#include "models/cluster/hashed_counts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "models/cluster/cluster.h"

namespace portolan::models {
namespace {

TEST(HashedCounts, CountsByKeyAndForgetsAKeyAtZero) {
  HashedCounts c;
  EXPECT_EQ(c.count(7), 0);
  c.add(7);
  c.add(3);
  c.add(7);
  c.add(Node::group_key(11, 2));
  EXPECT_EQ(c.count(7), 2);
  EXPECT_EQ(c.count(3), 1);
  EXPECT_EQ(c.count(Node::group_key(11, 2)), 1);
  EXPECT_EQ(c.count(Node::group_key(11, 3)), 0);
  c.remove(3);
  EXPECT_EQ(c.count(3), 0);
  EXPECT_EQ(c.size(), 2u);
  c.remove(7);
  EXPECT_EQ(c.count(7), 1);
}

// Many keys in a small table collide and wrap around its end; removals in random order must
// leave every remaining key findable (the backward shift keeps each probe run unbroken).
TEST(HashedCounts, AgreesWithAMapThroughRandomAddsAndRemoves) {
  std::mt19937_64 gen(15);
  HashedCounts table;
  std::map<std::int64_t, int> expected;
  std::vector<std::int64_t> keys;
  for (int job = 0; job < 40; ++job) {
    for (int group = 0; group < 5; ++group) keys.push_back(Node::group_key(job, group));
  }
  std::size_t checked = 0;
  for (int step = 0; step < 200000; ++step) {
    const std::int64_t key = keys[gen() % keys.size()];
    const bool add = expected[key] == 0 || gen() % 2 == 0;
    if (add) {
      table.add(key);
      ++expected[key];
    } else {
      table.remove(key);
      if (--expected[key] == 0) expected.erase(key);
    }
    if (step % 97 == 0) {
      for (const std::int64_t k : keys) {
        const auto it = expected.find(k);
        ASSERT_EQ(table.count(k), it == expected.end() ? 0 : it->second) << "step " << step;
        ++checked;
      }
      ASSERT_EQ(table.size(), expected.size());
    }
  }
  EXPECT_GT(checked, 0u);
}

TEST(HashedCounts, VisitsEveryKeyWithItsCountOnce) {
  HashedCounts c;
  std::map<std::int64_t, int> expected;
  for (int k = 0; k < 50; ++k) {
    for (int times = 0; times <= k % 3; ++times) {
      c.add(k * 7);
      ++expected[k * 7];
    }
  }
  for (int k = 0; k < 50; k += 5) {
    c.remove(k * 7);
    if (--expected[k * 7] == 0) expected.erase(k * 7);
  }
  std::map<std::int64_t, int> seen;
  c.for_each([&](std::int64_t key, int count) { EXPECT_TRUE(seen.emplace(key, count).second); });
  EXPECT_EQ(seen, expected);
}

TEST(HashedCounts, EmptiedTableHoldsNothing) {
  HashedCounts c;
  for (int k = 0; k < 100; ++k) c.add(k);
  for (int k = 0; k < 100; ++k) c.remove(k);
  EXPECT_EQ(c.size(), 0u);
  for (int k = 0; k < 100; ++k) EXPECT_EQ(c.count(k), 0);
}

}  // namespace
}  // namespace portolan::models
