#include "models/cluster/key_counts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace portolan::models {
namespace {

TEST(KeyCounts, CountsByKeyAndDropsAKeyAtZero) {
  KeyCounts<int> c;
  EXPECT_EQ(c.count(7), 0);
  c.add(7);
  c.add(3);
  c.add(7);
  c.add(11);
  EXPECT_EQ(c.count(7), 2);
  EXPECT_EQ(c.count(3), 1);
  EXPECT_EQ(c.count(5), 0);
  c.remove(3);
  EXPECT_EQ(c.count(3), 0);
  EXPECT_EQ(c.size(), 2u);  // 3 is gone, not kept at 0
  c.remove(7);
  EXPECT_EQ(c.count(7), 1);
}

TEST(KeyCounts, IteratesInKeyOrder) {
  KeyCounts<std::int64_t> c;
  for (const std::int64_t k :
       {std::int64_t{5} << 32, std::int64_t{1}, std::int64_t{9}, std::int64_t{1}}) {
    c.add(k);
  }
  std::vector<std::pair<std::int64_t, int>> seen(c.begin(), c.end());
  const std::vector<std::pair<std::int64_t, int>> expected = {
      {1, 2}, {9, 1}, {std::int64_t{5} << 32, 1}};
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace portolan::models
