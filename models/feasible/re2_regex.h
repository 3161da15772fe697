// Go's regexp (RE2) patterns, as Nomad's "regexp" operand compiles them (feasible.go
// checkRegexpMatch: regexp.Compile, then MatchString), translated to std::regex ECMAScript.
//
// Contract:
// - ok == false: the check is false whatever the value, because RE2 rejects the pattern
//   (back-references, look-around) or because it uses a group the translation does not handle.
// - ok == true: `pattern` with `flags` is meant for std::regex_search (unanchored, as
//   MatchString). It may still fail to compile as std::regex; the caller treats that as no
//   match.
// - Pure: the same pattern always gives the same translation.
#ifndef PORTOLAN_MODELS_FEASIBLE_RE2_REGEX_H_
#define PORTOLAN_MODELS_FEASIBLE_RE2_REGEX_H_

#include <regex>
#include <string>
#include <string_view>

namespace portolan::models {

// Go RE2 syntax to std::regex ECMAScript. Translated: a leading flag group "(?i)", "(?m)",
// "(?s)" or a combination; named groups "(?P<name>" and "(?<name>"; "\A" and "\z". Rejected
// because RE2 rejects them (so Nomad's regexp.Compile fails and the check is false):
// look-around and back-references, which ECMAScript would accept. Not translated (the
// pattern then fails to compile here although Go accepts it): other inline flag groups,
// Unicode classes "\p{..}", "\Q..\E".
struct TranslatedRegex {
  std::string pattern;
  std::regex::flag_type flags = std::regex::ECMAScript;
  bool ok = true;
};

TranslatedRegex translate_re2(std::string_view re);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_FEASIBLE_RE2_REGEX_H_
