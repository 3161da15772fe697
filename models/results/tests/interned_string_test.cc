// InternedString: equal texts share one handle, from any thread; order is by text; a text read
// through a handle stays where it is while the pool grows.
#include "models/results/interned_string.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace portolan::models {
namespace {

TEST(InternedString, EqualTextsHaveEqualHandles) {
  const InternedString a("web.app");
  const InternedString b(std::string("web.") + "app");
  const InternedString c("web.api");
  EXPECT_EQ(a.handle(), b.handle());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a, "web.app");
  EXPECT_EQ(a.str(), "web.app");
  EXPECT_EQ(a.size(), 7u);
  EXPECT_EQ(InternedString::from_handle(a.handle()), a);
}

TEST(InternedString, TheDefaultIsTheEmptyString) {
  EXPECT_TRUE(InternedString().empty());
  EXPECT_EQ(InternedString(""), InternedString());
  EXPECT_EQ(InternedString().handle(), 0u);
  EXPECT_EQ(InternedString().str(), "");
  EXPECT_FALSE(InternedString("x").empty());
}

TEST(InternedString, OrdersByTextNotByHandle) {
  const InternedString later("zz-interned-first");
  const InternedString earlier("aa-interned-second");
  EXPECT_LT(later.handle(), earlier.handle());
  EXPECT_LT(earlier, later);
  std::vector<InternedString> v = {later, earlier};
  std::sort(v.begin(), v.end());
  EXPECT_EQ(v.front(), earlier);
}

TEST(InternedString, TextsStayPutWhileThePoolGrows) {
  const InternedString first("stays-put");
  const std::string* where = &first.str();
  // Past the first chunk of 1024 entries and several more.
  for (int i = 0; i < 5000; ++i) InternedString("grow-" + std::to_string(i));
  EXPECT_EQ(&first.str(), where);
  EXPECT_EQ(*where, "stays-put");
  EXPECT_EQ(InternedString("grow-4999").str(), "grow-4999");
}

TEST(InternedString, ThreadsInterningTheSameTextsAgree) {
  constexpr int kThreads = 4;
  constexpr int kTexts = 3000;
  std::vector<std::vector<std::uint32_t>> handles(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &handles] {
      for (int i = 0; i < kTexts; ++i) {
        // Each thread walks the texts in its own order.
        const int k = (i * (2 * t + 1)) % kTexts;
        const InternedString s("thread-text-" + std::to_string(k));
        EXPECT_EQ(s.str(), "thread-text-" + std::to_string(k));
        handles[t].push_back(s.handle());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::unordered_set<std::uint32_t> distinct(handles[0].begin(), handles[0].end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kTexts));
  for (int t = 1; t < kThreads; ++t) {
    for (int i = 0; i < kTexts; ++i) {
      const int k = (i * (2 * t + 1)) % kTexts;
      EXPECT_EQ(handles[t][i], InternedString("thread-text-" + std::to_string(k)).handle());
    }
  }
}

}  // namespace
}  // namespace portolan::models
