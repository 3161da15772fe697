// "Did you mean": the nearest name within a third of the word's length, adjacent swaps one edit.
#include "scenarios/suggest.h"

#include <gtest/gtest.h>

namespace portolan::scenario {
namespace {

TEST(Suggest, EditDistanceCountsASwapOfNeighboursAsOne) {
  EXPECT_EQ(edit_distance("cuont", "count"), 1u);  // u and o swapped
  EXPECT_EQ(edit_distance("pols", "pools"), 1u);   // one insertion
  EXPECT_EQ(edit_distance("binpak", "binpack"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // the textbook figure
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("Count", "count"), 0u);  // ASCII case folded
}

TEST(Suggest, NearestNeedsTheWordToBeCloseEnough) {
  const std::vector<std::string> fields = {"name", "count", "constraints", "tasks"};
  EXPECT_EQ(nearest("cuont", fields), "count");
  EXPECT_EQ(nearest("zzzzzz", fields), "");   // 6 letters allow 2 edits; every name is further
  EXPECT_EQ(nearest("nam", fields), "name");  // 3 letters allow 1 edit
  EXPECT_EQ(nearest("count", fields), "");    // the word itself is no suggestion
  EXPECT_EQ(did_you_mean("tsaks", fields), " (did you mean \"tasks\"?)");
  EXPECT_EQ(did_you_mean("x", fields), "");
}

}  // namespace
}  // namespace portolan::scenario
