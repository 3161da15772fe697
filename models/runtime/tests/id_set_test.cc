#include "models/runtime/id_set.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

namespace portolan::models {
namespace {

TEST(IdSet, KeepsIdsSortedWithoutDuplicates) {
  IdSet s;
  EXPECT_TRUE(s.insert(5));
  EXPECT_TRUE(s.insert(9));
  EXPECT_TRUE(s.insert(2));  // below the largest: inserted in place, not appended
  EXPECT_FALSE(s.insert(5));
  EXPECT_EQ(std::vector<int>(s.begin(), s.end()), (std::vector<int>{2, 5, 9}));
  EXPECT_TRUE(s.contains(9));
  EXPECT_FALSE(s.contains(4));
  EXPECT_TRUE(s.erase(5));
  EXPECT_FALSE(s.erase(5));
  EXPECT_EQ(std::vector<int>(s.begin(), s.end()), (std::vector<int>{2, 9}));
  EXPECT_EQ(s.size(), 2u);
}

// The std::set it replaced, step for step, through random inserts and erases.
TEST(IdSet, AgreesWithStdSet) {
  std::mt19937 gen(15);
  IdSet s;
  std::set<int> expected;
  for (int step = 0; step < 20000; ++step) {
    const int id = static_cast<int>(gen() % 300);
    if (gen() % 3 == 0) {
      ASSERT_EQ(s.erase(id), expected.erase(id) == 1);
    } else {
      ASSERT_EQ(s.insert(id), expected.insert(id).second);
    }
  }
  EXPECT_EQ(std::vector<int>(s.begin(), s.end()),
            std::vector<int>(expected.begin(), expected.end()));
}

}  // namespace
}  // namespace portolan::models
