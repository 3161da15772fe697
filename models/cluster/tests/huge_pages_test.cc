#include "models/cluster/huge_pages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

namespace portolan::models {
namespace {

bool all_zero(const void* block, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(block);
  return std::all_of(bytes, bytes + size, [](unsigned char b) { return b == 0; });
}

TEST(HugePageBlocks, BlocksAreDistinctAlignedAndZeroedEvenWhenReused) {
  HugePageBlocks blocks(8192);
  std::vector<void*> held;
  for (int i = 0; i < 10; ++i) {
    void* b = blocks.allocate();
    ASSERT_TRUE(all_zero(b, 8192));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b) % 64, 0u);
    std::memset(b, 0xAB, 8192);
    held.push_back(b);
  }
  EXPECT_EQ(std::set<void*>(held.begin(), held.end()).size(), held.size());
  blocks.release(held[3]);
  void* again = blocks.allocate();
  EXPECT_TRUE(all_zero(again, 8192));  // a reused block is cleared
  for (void* b : held) {
    if (b != held[3]) blocks.release(b);
  }
  blocks.release(again);
}

// A region of 2 MiB holds 255 blocks of 8 KiB (the first is its bookkeeping); regions whose
// blocks all come back are unmapped, but for one spare kept for the next allocation.
TEST(HugePageBlocks, RegionsGoBackToTheSystemButOneSpare) {
  if (!huge_pages_for(kHugePageSize)) GTEST_SKIP() << "AddressSanitizer: the ordinary heap";
  HugePageBlocks blocks(8192);
  std::vector<void*> held;
  for (int i = 0; i < 255; ++i) held.push_back(blocks.allocate());
  EXPECT_EQ(blocks.regions(), 1u);
  held.push_back(blocks.allocate());
  EXPECT_EQ(blocks.regions(), 2u);
  for (int i = 0; i < 600; ++i) held.push_back(blocks.allocate());
  EXPECT_EQ(blocks.regions(), 4u);  // ceil(856 / 255)
  for (void* b : held) blocks.release(b);
  EXPECT_EQ(blocks.regions(), 1u);
  void* b = blocks.allocate();  // from the spare: no new region
  EXPECT_EQ(blocks.regions(), 1u);
  blocks.release(b);
}

TEST(HugePageAllocator, LargeVectorsSitOnHugePageBoundaries) {
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> large(kHugePageSize / 8 + 1, 7);
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> small(100, 7);
  if (huge_pages_for(kHugePageSize)) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.data()) % kHugePageSize, 0u);
  }
  EXPECT_EQ(large.back(), 7u);
  large.resize(3 * kHugePageSize / 8, 9);  // grows across a reallocation
  EXPECT_EQ(large[kHugePageSize / 8], 7u);
  EXPECT_EQ(large.back(), 9u);
  EXPECT_EQ(small[99], 7u);
}

}  // namespace
}  // namespace portolan::models
