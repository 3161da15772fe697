// Simulated time.
//
// Time is a signed 64-bit count of nanoseconds since the start of a run. Nanoseconds match the
// unit of Go's time.Duration, in which Nomad and Consul state every interval, so their defaults
// carry over exactly; int64 nanoseconds span about 292 years, far past any horizon.
#ifndef PORTOLAN_SIM_TIME_H_
#define PORTOLAN_SIM_TIME_H_

#include <cmath>
#include <cstdint>

namespace portolan::sim {

using Time = std::int64_t;  // nanoseconds

inline constexpr Time kNanosecond = 1;
inline constexpr Time kMicrosecond = 1000 * kNanosecond;
inline constexpr Time kMillisecond = 1000 * kMicrosecond;
inline constexpr Time kSecond = 1000 * kMillisecond;
inline constexpr Time kMinute = 60 * kSecond;
inline constexpr Time kHour = 60 * kMinute;

// Seconds as a double, for results files (design section 6: times in files are seconds).
constexpr double to_seconds(Time t) {
  return static_cast<double>(t) / static_cast<double>(kSecond);
}

// Rounds to the nearest nanosecond.
inline Time from_seconds(double s) { return static_cast<Time>(std::llround(s * 1e9)); }

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_TIME_H_
