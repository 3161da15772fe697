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

// A job stop erases its group oldest first, a scale-down newest first: both ends, through the
// dropping of the free prefix, with inserts after it.
TEST(IdSet, ErasesFromEitherEndAndKeepsOrder) {
  IdSet s;
  for (int id = 0; id < 1000; ++id) s.insert(id);
  for (int id = 0; id < 700; ++id) ASSERT_TRUE(s.erase(id));
  for (int id = 999; id >= 900; --id) ASSERT_TRUE(s.erase(id));
  EXPECT_EQ(s.size(), 200u);
  EXPECT_EQ(*s.begin(), 700);
  EXPECT_FALSE(s.contains(699));
  EXPECT_TRUE(s.insert(5000));
  EXPECT_FALSE(s.insert(750));  // already a member
  std::vector<int> expected;
  for (int id = 700; id < 900; ++id) expected.push_back(id);
  expected.push_back(5000);
  EXPECT_EQ(std::vector<int>(s.begin(), s.end()), expected);
  for (const int id : expected) ASSERT_TRUE(s.erase(id));
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s.insert(3));
  EXPECT_EQ(std::vector<int>(s.begin(), s.end()), std::vector<int>{3});
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
