#include "models/cluster/port_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

namespace portolan::models {
namespace {

// The n-th port of [lo, hi] in neither `members` nor `excluded`, by counting: the reference.
int nth_free_reference(const std::set<int>& members, int lo, int hi, int n,
                       const std::vector<int>& excluded) {
  for (int p = lo; p <= hi; ++p) {
    if (members.count(p) || std::binary_search(excluded.begin(), excluded.end(), p)) continue;
    if (n-- == 0) return p;
  }
  return -1;
}

void expect_same(const PortSet& set, const std::set<int>& ref, std::mt19937& gen) {
  ASSERT_EQ(set.count(), static_cast<int>(ref.size()));
  for (const int p : ref) ASSERT_TRUE(set.test(p)) << p;
  std::uniform_int_distribution<int> port(19990, 20060);
  for (int i = 0; i < 20; ++i) {
    const int p = port(gen);
    ASSERT_EQ(set.test(p), ref.count(p) == 1) << p;
    const int lo = port(gen);
    const int hi = lo + std::uniform_int_distribution<int>(0, 40)(gen);
    const auto count =
        std::count_if(ref.begin(), ref.end(), [&](int q) { return q >= lo && q <= hi; });
    ASSERT_EQ(set.count_in_range(lo, hi), count) << lo << ".." << hi;
    std::vector<int> excluded;
    for (int k = 0; k < 3; ++k) excluded.push_back(port(gen));
    std::sort(excluded.begin(), excluded.end());
    const int n = std::uniform_int_distribution<int>(0, 45)(gen);
    ASSERT_EQ(set.nth_free_in_range(lo, hi, n, excluded),
              nth_free_reference(ref, lo, hi, n, excluded))
        << "n=" << n << " in " << lo << ".." << hi;
  }
}

// Sets of a few ports stay inline, larger ones spill into the bitmap; through random adds and
// removes across that boundary, every query answers as a plain std::set would.
TEST(PortSet, InlineAndBitmapFormsAnswerAlike) {
  std::mt19937 gen(15);
  std::uniform_int_distribution<int> port(20000, 20050);
  for (int trial = 0; trial < 30; ++trial) {
    PortSet set;
    std::set<int> ref;
    const int target = trial % 3 == 0 ? PortSet::kInline : 2 * PortSet::kInline;
    for (int step = 0; step < 200; ++step) {
      const int p = port(gen);
      const bool add = static_cast<int>(ref.size()) < target ? gen() % 3 != 0 : gen() % 3 == 0;
      if (add) {
        ASSERT_EQ(set.set(p), ref.insert(p).second);
      } else {
        ASSERT_EQ(set.reset(p), ref.erase(p) == 1);
      }
      expect_same(set, ref, gen);
      const PortSet copy = set;
      expect_same(copy, ref, gen);
    }
  }
}

TEST(PortSet, SpillsIntoTheBitmapPastTheInlineMembersAndStays) {
  PortSet set;
  for (int i = 0; i < PortSet::kInline; ++i) EXPECT_TRUE(set.set(30000 - 7 * i));
  EXPECT_FALSE(set.has_bitmap());
  EXPECT_FALSE(set.set(30000));  // already there
  EXPECT_TRUE(set.set(65535));
  EXPECT_TRUE(set.has_bitmap());
  EXPECT_EQ(set.count(), PortSet::kInline + 1);
  EXPECT_TRUE(set.reset(65535));
  EXPECT_TRUE(set.has_bitmap());
  EXPECT_TRUE(set.test(30000 - 7 * (PortSet::kInline - 1)));
  EXPECT_FALSE(set.test(-1));
  EXPECT_FALSE(set.test(PortSet::kSize));
  // Copies keep the form, and assignment from an inline set drops the bitmap.
  const PortSet copy = set;
  EXPECT_TRUE(copy.has_bitmap());
  PortSet small;
  small.set(80);
  set = small;
  EXPECT_FALSE(set.has_bitmap());
  EXPECT_EQ(set.count(), 1);
  EXPECT_TRUE(set.test(80));
}

// Nomad's precise fallback on an all-but-full range: the one free port is found in either form.
TEST(PortSet, NthFreeFindsTheLastPortOfANearlyFullRange) {
  static_assert(PortSet::kInline < 40);
  const int inline_hi = 100 + PortSet::kInline;  // kInline + 1 ports, all but 103 taken
  PortSet inline_set;
  PortSet bitmap_set;
  for (int p = 100; p <= inline_hi; ++p) {
    if (p != 103) inline_set.set(p);
  }
  for (int p = 100; p <= 140; ++p) {
    if (p != 107) bitmap_set.set(p);
  }
  EXPECT_FALSE(inline_set.has_bitmap());
  EXPECT_TRUE(bitmap_set.has_bitmap());
  EXPECT_EQ(inline_set.nth_free_in_range(100, inline_hi, 0, {}), 103);
  EXPECT_EQ(bitmap_set.nth_free_in_range(100, 140, 0, {}), 107);
  EXPECT_EQ(inline_set.nth_free_in_range(100, inline_hi, 1, {}), -1);
  EXPECT_EQ(bitmap_set.nth_free_in_range(100, 140, 1, {}), -1);
  EXPECT_EQ(inline_set.nth_free_in_range(100, inline_hi, 0, std::vector<int>{103}), -1);
  EXPECT_EQ(bitmap_set.nth_free_in_range(100, 140, 0, std::vector<int>{107}), -1);
  // Beyond the range's end the next free port counts.
  EXPECT_EQ(inline_set.nth_free_in_range(100, inline_hi + 1, 1, {}), inline_hi + 1);
}

TEST(PortSet, CopiesAreIndependentAndMovesKeepTheMembers) {
  PortSet a;
  a.set(80);
  a.set(20001);
  PortSet b = a;
  b.set(443);
  EXPECT_TRUE(b.test(80));
  EXPECT_FALSE(a.test(443));
  EXPECT_EQ(a.count(), 2);
  EXPECT_EQ(b.count(), 3);
  a = b;
  EXPECT_TRUE(a.test(443));
  PortSet c = std::move(a);
  EXPECT_EQ(c.count(), 3);
  EXPECT_TRUE(c.test(20001));
  PortSet d;
  d = std::move(c);
  EXPECT_TRUE(d.test(443));
  c = d;  // a moved-from set may be assigned
  EXPECT_EQ(c.count(), 3);
}

}  // namespace
}  // namespace portolan::models
