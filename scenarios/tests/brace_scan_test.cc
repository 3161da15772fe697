// The brace scan names the block a deleted `}` left open, where it opened.
#include "scenarios/brace_scan.h"

#include <gtest/gtest.h>

namespace portolan::scenario {
namespace {

TEST(BraceScan, BalancedTextHasNoProblem) {
  EXPECT_FALSE(find_brace_problem("a { b: \"}\" c { } }  # }\n", -1, -1));
  EXPECT_FALSE(find_brace_problem("a < b: '{' >\n", -1, -1));
}

TEST(BraceScan, AnUnclosedBlockIsTheInnermostOpenAtTheParsersError) {
  // Line 3 (0-based 2) is where protobuf fails: "Group has no field named groups".
  const char* text =
      "jobs {\n"
      "  groups { name: \"g\" tasks { }\n"
      "  groups { }\n"
      "}\n";
  const auto p = find_brace_problem(text, 2, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->line, 2);
  EXPECT_EQ(p->column, 10);
  EXPECT_EQ(p->message,
            "`groups {` is never closed: a `}` is missing (1 block(s) still open at the end of "
            "the file)");
}

TEST(BraceScan, WithoutAnErrorPositionTheLastOpenBlockIsNamed) {
  const auto p = find_brace_problem("run {\n  horizon: \"1m\"\n", -1, -1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->line, 1);
  EXPECT_EQ(p->column, 5);
  EXPECT_EQ(p->message.substr(0, 23), "`run {` is never closed");
}

TEST(BraceScan, AClosingBraceTooManyIsReportedWhereItIs) {
  const auto p = find_brace_problem("a { }\n# {\nb: \"{\" }\n", -1, -1);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->line, 3);
  EXPECT_EQ(p->column, 8);  // b, :, space, the quoted "{" (3), space: the `}` is the 8th
  EXPECT_EQ(p->message.substr(0, 20), "`}` closes no block:");
}

}  // namespace
}  // namespace portolan::scenario
