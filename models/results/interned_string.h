// A string stored once per process: a 4-byte handle to an entry of a process-wide pool.
//
// Result records hold millions of copies of a few thousand texts (job, group and node names,
// statuses, reasons). A handle costs 4 bytes where a std::string costs 32, often plus a heap
// block, and copying one is copying an integer.
//
// Contract:
// - equal texts have equal handles, so == compares handles; < orders by text, never by handle;
// - the text behind a handle never moves or changes, and lives until the process ends: the pool
//   only grows, so intern vocabularies (names, reasons, the few non-UUID ids a snapshot adopts),
//   never per-record data (generated ids, ports);
// - interning is thread-safe and takes a lock; reading a handle's text is lock-free.
// The default handle is the empty string.
#ifndef PORTOLAN_MODELS_RESULTS_INTERNED_STRING_H_
#define PORTOLAN_MODELS_RESULTS_INTERNED_STRING_H_

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace portolan::models {

class InternedString {
 public:
  InternedString() = default;
  // Implicit, so a record's field takes a name as a std::string field did.
  InternedString(std::string_view text);  // NOLINT(google-explicit-constructor)
  InternedString(const std::string& text) : InternedString(std::string_view(text)) {}  // NOLINT
  InternedString(const char* text) : InternedString(std::string_view(text)) {}         // NOLINT

  const std::string& str() const;
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)
  const char* c_str() const { return str().c_str(); }
  bool empty() const { return id_ == 0; }
  std::size_t size() const { return str().size(); }

  // The handle as a number, and back: for a type that packs a handle with other bits.
  std::uint32_t handle() const { return id_; }
  static InternedString from_handle(std::uint32_t handle) {
    InternedString s;
    s.id_ = handle;
    return s;
  }

  friend bool operator==(InternedString a, InternedString b) { return a.id_ == b.id_; }
  friend bool operator==(InternedString a, std::string_view b) { return a.str() == b; }
  friend bool operator==(InternedString a, const char* b) { return a.str() == b; }
  friend bool operator==(InternedString a, const std::string& b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(InternedString a, InternedString b) {
    return a.str() <=> b.str();
  }
  friend std::ostream& operator<<(std::ostream& os, InternedString s) { return os << s.str(); }

 private:
  friend struct std::hash<InternedString>;
  std::uint32_t id_ = 0;  // the pool's index of the text; 0 is ""
};

}  // namespace portolan::models

template <>
struct std::hash<portolan::models::InternedString> {
  std::size_t operator()(portolan::models::InternedString s) const noexcept {
    return std::hash<std::uint32_t>()(s.id_);
  }
};

#endif  // PORTOLAN_MODELS_RESULTS_INTERNED_STRING_H_
