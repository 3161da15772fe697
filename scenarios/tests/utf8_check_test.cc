// Strings that are not UTF-8 are found wherever they are, with their path.
#include "scenarios/utf8_check.h"

#include <gtest/gtest.h>

namespace portolan::scenario {
namespace {

TEST(Utf8Check, Rfc3629) {
  EXPECT_EQ(invalid_utf8_at("plain ascii"), std::string::npos);
  EXPECT_EQ(invalid_utf8_at("\xc2\xb5s \xe2\x82\xac \xf0\x9f\x98\x80"), std::string::npos);
  EXPECT_EQ(invalid_utf8_at("li\xffnux"), 2u);
  EXPECT_EQ(invalid_utf8_at("ab\xc3"), 2u);            // truncated sequence
  EXPECT_EQ(invalid_utf8_at("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(invalid_utf8_at("x\xed\xa0\x80"), 1u);     // a surrogate, U+D800
  EXPECT_EQ(invalid_utf8_at("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(invalid_utf8_at("\xe2\x82"), 0u);
}

TEST(Utf8Check, EveryStringFieldRepeatedElementAndMapValueIsChecked) {
  Scenario s;
  s.set_name("ok");
  auto* pool = s.mutable_cluster()->add_pools();
  pool->set_name("web");
  (*pool->mutable_meta())["rack"] = "r\xc3";
  s.add_jobs()->set_name("j");
  s.add_jobs()->add_datacenters("dc\xff");
  const auto bad = invalid_utf8_strings(s);
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].dotted, "cluster.pools[0].meta[\"rack\"]");
  EXPECT_EQ(bad[0].why, "byte 0xC3 at offset 1");
  ASSERT_EQ(bad[0].path.size(), 3u);
  EXPECT_EQ(bad[0].path[2].field, "meta");
  EXPECT_EQ(bad[1].dotted, "jobs[1].datacenters[0]");
  EXPECT_EQ(bad[1].why, "byte 0xFF at offset 2");
  EXPECT_EQ(bad[1].path[0].index, 1);
}

}  // namespace
}  // namespace portolan::scenario
