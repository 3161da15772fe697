// The regexp syntax errors validate reports, with Go's regexp/syntax messages.
#include "scenarios/re2_syntax.h"

#include <gtest/gtest.h>

namespace portolan::scenario {
namespace {

TEST(Re2Syntax, PatternsGoCompilesPass) {
  for (const char* ok : {"",        "client-[01]", "^(a|b)*c$",    "a*?",      "a+?b??",
                         "(?i)abc", "(?i:ab)c",    "(?P<name>x)",  "(?:x|y)+", "[]a]",
                         "[^]a]",   "[a-z0-9_]+",  "x{2,3}",       "x{2}",     "a{",
                         "a{,3}",   "\\d+\\.\\*",  "[[:alpha:]]+", "^*",       ".*"}) {
    EXPECT_EQ(re2_syntax_error(ok), "") << ok;
  }
}

TEST(Re2Syntax, EachErrorGivesGosMessage) {
  EXPECT_EQ(re2_syntax_error("("), "missing closing ): `(`");
  EXPECT_EQ(re2_syntax_error("(a|b"), "missing closing ): `(a|b`");
  EXPECT_EQ(re2_syntax_error("a)"), "unexpected ): `a)`");
  EXPECT_EQ(re2_syntax_error("[a-"), "missing closing ]: `[a-`");
  EXPECT_EQ(re2_syntax_error("a\\"), "trailing backslash at end of expression: ``");
  EXPECT_EQ(re2_syntax_error("*a"), "missing argument to repetition operator: `*`");
  EXPECT_EQ(re2_syntax_error("(+)"), "missing argument to repetition operator: `+`");
  EXPECT_EQ(re2_syntax_error("a|?"), "missing argument to repetition operator: `?`");
  EXPECT_EQ(re2_syntax_error("a**"), "invalid nested repetition operator: `**`");
  EXPECT_EQ(re2_syntax_error("a+*"), "invalid nested repetition operator: `+*`");
  EXPECT_EQ(re2_syntax_error("[z-a]"), "invalid character class range: `z-a`");
}

}  // namespace
}  // namespace portolan::scenario
