// The syntax errors Go's regexp.Compile (RE2) reports for a pattern, checked at validate time:
// Nomad compiles a "regexp" constraint's or affinity's RTarget with it (structs.go
// Constraint.Validate / Affinity.Validate: "Regular expression failed to compile"), so a
// pattern that does not compile is an error of the job, not a placement failure.
//
// Contract: re2_syntax_error() returns "" for a pattern without these errors, else the message
// Go's regexp/syntax gives (ErrMissingParen "missing closing )", ErrUnexpectedParen
// "unexpected )", ErrMissingBracket "missing closing ]", ErrTrailingBackslash "trailing
// backslash at end of expression", ErrMissingRepeatArgument "missing argument to repetition
// operator", ErrInvalidRepeatOp "invalid nested repetition operator", ErrInvalidCharRange
// "invalid character class range"), with the offending text after a colon. It checks these
// structural errors only; a pattern it passes may still use syntax RE2 rejects (look-around,
// back-references), which the constraint then treats as no match, as the scheduler does.
#ifndef PORTOLAN_SCENARIOS_RE2_SYNTAX_H_
#define PORTOLAN_SCENARIOS_RE2_SYNTAX_H_

#include <string>
#include <string_view>

namespace portolan::scenario {

std::string re2_syntax_error(std::string_view pattern);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_RE2_SYNTAX_H_
