// An allocation's ID as `nomad alloc status` shows it: 128 bits written as a UUID (8-4-4-4-12
// lowercase hex digits), or, for an allocation a scenario adopts under an ID of another shape,
// that text. 16 bytes, where the text costs a 32-byte string and a heap block.
#ifndef PORTOLAN_MODELS_RESULTS_ALLOCATION_ID_H_
#define PORTOLAN_MODELS_RESULTS_ALLOCATION_ID_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "models/results/interned_string.h"

namespace portolan::models {

class AllocationId {
 public:
  AllocationId() = default;  // none: written as ""

  // `hi` must be nonzero: a version-4 UUID's has its version digit set.
  static AllocationId from_bits(std::uint64_t hi, std::uint64_t lo) {
    AllocationId id;
    id.hi_ = hi;
    id.lo_ = lo;
    return id;
  }
  // A UUID in its canonical lowercase text keeps 16 bytes; any other text (few: a scenario's
  // adopted allocations) is interned and written back as given.
  static AllocationId from_text(std::string_view text);

  std::string str() const;
  bool empty() const { return hi_ == 0 && lo_ == 0; }
  friend bool operator==(const AllocationId&, const AllocationId&) = default;
  friend bool operator==(const AllocationId& a, std::string_view text) { return a.str() == text; }
  friend std::ostream& operator<<(std::ostream& os, const AllocationId& id) {
    return os << id.str();
  }

 private:
  std::uint64_t hi_ = 0;  // 0: the text form, lo_ an InternedString handle
  std::uint64_t lo_ = 0;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_ALLOCATION_ID_H_
