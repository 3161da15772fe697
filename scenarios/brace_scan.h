// Where a scenario's braces stop balancing, for syntax errors that point at the real place.
//
// A deleted `}` makes protobuf's parser fail where the text stops fitting the block it still
// thinks open ("Message type Group has no field named groups", lines below the mistake); the
// scan names the block instead. Contract: find_brace_problem() scans `{`/`}` and `<`/`>`
// outside "..." and '...' strings (backslash escapes) and # comments, and returns
//   - for a `}` that closes no block: its position, "`}` closes no block ...";
//   - for blocks never closed: the innermost block still open at the parser's first error
//     (0-based error_line/error_column; -1 for none, then the end of the text), reported
//     where it opened, "`groups {` is never closed ...";
//   - nullopt when the braces balance (the parser's own message is then the right one).
// Lines and columns are 1-based.
#ifndef PORTOLAN_SCENARIOS_BRACE_SCAN_H_
#define PORTOLAN_SCENARIOS_BRACE_SCAN_H_

#include <optional>
#include <string>
#include <string_view>

namespace portolan::scenario {

struct BraceProblem {
  int line = 0;
  int column = 0;
  std::string message;
};

std::optional<BraceProblem> find_brace_problem(std::string_view text, int error_line,
                                               int error_column);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_BRACE_SCAN_H_
