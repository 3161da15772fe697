// Durations in Go's syntax ("1h30m", "250ms", "1.5s"), as Nomad job files write them.
#ifndef PORTOLAN_SCENARIOS_DURATION_H_
#define PORTOLAN_SCENARIOS_DURATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portolan::scenario {

// Nanoseconds, or nullopt when `text` is not a duration: a sequence of decimal numbers each
// followed by a unit among ns, us (or µs), ms, s, m, h (time.ParseDuration); "0" alone is 0.
// Negative durations are rejected: no scenario field takes one.
std::optional<std::int64_t> parse_duration(std::string_view text);

// The shortest Go-style spelling: 90 s -> "1m30s", 0 -> "0s".
std::string format_duration(std::int64_t ns);

}  // namespace portolan::scenario

#endif  // PORTOLAN_SCENARIOS_DURATION_H_
