// The few functions of Go's standard library `strings` and `strconv` packages (and fmt's %q)
// that Nomad's feasibility checks and hashicorp/go-version apply to node attributes and job
// targets, with Go's semantics rather than C++'s.
//
// Contract:
// - Every function is pure and accepts exactly what its Go counterpart accepts (except where
//   noted): a parse that Go rejects, including on overflow, is std::nullopt.
// - Views returned by go_split and go_trim_space point into the argument.
#ifndef PORTOLAN_MODELS_FEASIBLE_GO_STRINGS_H_
#define PORTOLAN_MODELS_FEASIBLE_GO_STRINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portolan::models {

// strings.Split(s, string(sep)): n+1 parts for n separators, so "" gives one empty part.
std::vector<std::string_view> go_split(std::string_view s, char sep);

// strings.TrimSpace, ASCII white space.
std::string_view go_trim_space(std::string_view s);

// strconv.ParseInt(s, 10, 64): optional sign, decimal digits only, no overflow.
std::optional<std::int64_t> go_parse_int(std::string_view s);

// strconv.ParseFloat(s, 64) for decimal forms, "inf"/"infinity"/"nan"; an out-of-range value
// is an error in Go (ErrRange), so it is one here. Go's hexadecimal floats and digit
// underscores are not accepted (neither appears in node attributes).
std::optional<double> go_parse_float(std::string_view s);

// strconv.ParseBool.
std::optional<bool> go_parse_bool(std::string_view s);

// fmt's %q for the strings that reach filter reasons.
std::string go_quote(std::string_view s);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_FEASIBLE_GO_STRINGS_H_
