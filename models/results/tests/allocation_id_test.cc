// AllocationId: a canonical UUID is kept as 128 bits and written back the same; any other text
// is written back as given.
#include "models/results/allocation_id.h"

#include <gtest/gtest.h>

namespace portolan::models {
namespace {

TEST(AllocationId, ACanonicalUuidRoundTrips) {
  const std::string text = "5a2f0c3e-9b1d-4e7a-8c6f-0123456789ab";
  const AllocationId id = AllocationId::from_text(text);
  EXPECT_EQ(id.str(), text);
  EXPECT_EQ(id, AllocationId::from_bits(0x5a2f0c3e9b1d4e7aULL, 0x8c6f0123456789abULL));
  EXPECT_FALSE(id.empty());
}

TEST(AllocationId, BitsAreWrittenAsLowercaseHexWithDashes) {
  EXPECT_EQ(AllocationId::from_bits(0x0000000000004000ULL, 0x8000000000000001ULL).str(),
            "00000000-0000-4000-8000-000000000001");
}

TEST(AllocationId, OtherTextsAreKeptAsGiven) {
  for (const char* text :
       {"a-0", "5A2F0C3E-9B1D-4E7A-8C6F-0123456789AB", "5a2f0c3e-9b1d-4e7a-8c6f-0123456789a",
        "5a2f0c3e_9b1d-4e7a-8c6f-0123456789ab", "00000000-0000-0000-0000-000000000007"}) {
    const AllocationId id = AllocationId::from_text(text);
    EXPECT_EQ(id.str(), text);
    EXPECT_EQ(id, AllocationId::from_text(text));
  }
  EXPECT_NE(AllocationId::from_text("a-0"), AllocationId::from_text("a-1"));
}

TEST(AllocationId, TheDefaultIsEmpty) {
  EXPECT_TRUE(AllocationId().empty());
  EXPECT_EQ(AllocationId().str(), "");
  EXPECT_TRUE(AllocationId::from_text("").empty());
}

}  // namespace
}  // namespace portolan::models
