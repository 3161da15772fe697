// Fuzz target: the duration parser (scenarios/duration.h), which reads every duration field of a
// scenario and every --set of one.
//
// Properties: parse_duration never throws and returns nullopt or a value in [0, 9.2e18] ns;
// format_duration of a value below 2^53 ns (104 days, where the parser's double arithmetic is
// exact) parses back to the same value.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "scenarios/duration.h"

namespace {

using portolan::fuzz::fuzz_check;
namespace sc = portolan::scenario;

constexpr std::int64_t kExact = std::int64_t{1} << 53;

void check_round_trip(std::int64_t ns) {
  const std::string text = sc::format_duration(ns);
  const std::optional<std::int64_t> back = sc::parse_duration(text);
  fuzz_check(back.has_value() && *back == ns, "parse_duration(format_duration(ns)) == ns",
             std::to_string(ns) + " -> \"" + text + "\" -> " +
                 (back ? std::to_string(*back) : std::string("nullopt")));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<std::int64_t> ns = sc::parse_duration(text);
  if (ns) {
    fuzz_check(*ns >= 0 && *ns <= std::int64_t{9'200'000'000'000'000'000},
               "a parsed duration lies in [0, 9.2e18] ns", std::string(text));
    if (*ns < kExact) check_round_trip(*ns);
  }
  // The first eight bytes as a count of nanoseconds, for format_duration on its own.
  if (size >= 8) {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = bits << 8 | data[i];
    check_round_trip(static_cast<std::int64_t>(bits % kExact));
  }
  return 0;
}
