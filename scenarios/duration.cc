#include "scenarios/duration.h"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <utility>

namespace portolan::scenario {

std::optional<std::int64_t> parse_duration(std::string_view text) {
  if (text == "0") return 0;
  if (text.empty()) return std::nullopt;
  static const std::pair<std::string_view, double> kUnits[] = {
      {"ns", 1.0}, {"us", 1e3}, {"\xc2\xb5s", 1e3}, {"ms", 1e6},
      {"s", 1e9},  {"m", 60e9}, {"h", 3600e9}};
  double total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    const std::string number(text.substr(start, i - start));
    if (number == "." || number.find('.') != number.rfind('.')) return std::nullopt;
    // from_chars, not stod: a number too large for a double is an invalid duration, not an
    // exception (a horizon of "1" and 400 zeros used to abort the CLI).
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
    const std::size_t unit_start = i;
    while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    bool known = false;
    for (const auto& [name, scale] : kUnits) {
      if (unit == name) {
        total += value * scale;
        known = true;
        break;
      }
    }
    if (!known) return std::nullopt;
  }
  if (!(total <= 9.2e18)) return std::nullopt;  // too long, or not finite
  return static_cast<std::int64_t>(std::llround(total));
}

std::string format_duration(std::int64_t ns) {
  if (ns == 0) return "0s";
  std::string out;
  const std::int64_t hours = ns / 3'600'000'000'000;
  ns %= 3'600'000'000'000;
  const std::int64_t minutes = ns / 60'000'000'000;
  ns %= 60'000'000'000;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (ns == 0) return out;
  if (ns % 1'000'000'000 == 0) return out + std::to_string(ns / 1'000'000'000) + "s";
  if (hours == 0 && minutes == 0 && ns < 1'000'000'000) {
    if (ns % 1'000'000 == 0) return std::to_string(ns / 1'000'000) + "ms";
    if (ns % 1'000 == 0) return std::to_string(ns / 1'000) + "us";
    return std::to_string(ns) + "ns";
  }
  // Fractional seconds: seconds with up to nine decimals.
  std::string frac = std::to_string(ns % 1'000'000'000);
  frac.insert(0, 9 - frac.size(), '0');
  while (frac.back() == '0') frac.pop_back();
  return out + std::to_string(ns / 1'000'000'000) + "." + frac + "s";
}

}  // namespace portolan::scenario
