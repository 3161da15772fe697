#include "models/results/allocation_id.h"

#include <optional>

namespace portolan::models {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::size_t kUuidLength = 36;
bool is_dash_position(std::size_t at) { return at == 8 || at == 13 || at == 18 || at == 23; }

std::optional<int> lower_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return std::nullopt;
}

}  // namespace

AllocationId AllocationId::from_text(std::string_view text) {
  if (text.size() == kUuidLength) {
    std::uint64_t words[2] = {0, 0};
    int nibble = 0;
    bool canonical = true;
    for (std::size_t at = 0; at < kUuidLength && canonical; ++at) {
      if (is_dash_position(at)) {
        canonical = text[at] == '-';
        continue;
      }
      const auto digit = lower_hex_digit(text[at]);
      canonical = digit.has_value();
      if (canonical) {
        words[nibble / 16] = (words[nibble / 16] << 4) | static_cast<std::uint64_t>(*digit);
        ++nibble;
      }
    }
    if (canonical && words[0] != 0) return from_bits(words[0], words[1]);
  }
  AllocationId id;
  id.lo_ = InternedString(text).handle();
  return id;
}

std::string AllocationId::str() const {
  if (hi_ == 0) return InternedString::from_handle(static_cast<std::uint32_t>(lo_)).str();
  std::string text(kUuidLength, '-');
  std::size_t at = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (is_dash_position(at)) ++at;
    const std::uint64_t word = nibble < 16 ? hi_ : lo_;
    text[at++] = kHex[(word >> (60 - 4 * (nibble % 16))) & 0xF];
  }
  return text;
}

}  // namespace portolan::models
