// "Did you mean": the candidate nearest a misspelt name, for errors that teach.
//
// Contract: nearest() returns the candidate with the smallest Levenshtein distance to `word`
// with adjacent swaps counted as one edit (ASCII case folded; ties go to the earlier candidate), or
// "" when none is close enough: the distance must be at most max(1, |word| / 3), so "cuont" finds
// "count" but "x" finds nothing among long names. did_you_mean() formats it as ` (did you mean
// "count"?)`, or "" when nearest() finds nothing. Pure and deterministic.
#ifndef PORTOLAN_SCENARIOS_SUGGEST_H_
#define PORTOLAN_SCENARIOS_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace portolan::scenario {

std::size_t edit_distance(std::string_view a, std::string_view b);
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_SUGGEST_H_
