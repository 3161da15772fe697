// Strings that are not UTF-8, anywhere in a scenario.
//
// Results are JSON (summary.json, placement_metrics.jsonl), which carries UTF-8 only, and
// protobuf's text parser accepts any bytes in a string literal (an "\xff" escape, or a file in
// Latin-1), so the validator looks at every string field, repeated element, map key and map
// value. Contract: invalid_utf8_strings() lists each offending string in field order with its
// path (FieldPath, down to the field; for a map, the map field), its dotted --set-style name
// ("jobs[0].groups[0].constraints[0].value", "cluster.pools[0].attributes[\"k\"]") and why
// ("byte 0xFF at offset 2"). Valid UTF-8 follows RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF.
#ifndef PORTOLAN_SCENARIOS_UTF8_CHECK_H_
#define PORTOLAN_SCENARIOS_UTF8_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "scenarios/loader.h"

namespace portolan::scenario {

struct InvalidString {
  FieldPath path;
  std::string dotted;
  std::string why;
};

// The offset of the first byte that is not part of a valid UTF-8 sequence, or npos.
std::size_t invalid_utf8_at(std::string_view text);

std::vector<InvalidString> invalid_utf8_strings(const Scenario& scenario);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_UTF8_CHECK_H_
