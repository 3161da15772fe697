// The ports an allocation was given, as placements.csv writes them:
// "label=address:port->to;..." in ask order.
//
// A placement's ports are kept as values, not as that text: one binding takes 12 bytes inline
// (label and address interned), where the text took a 32-byte string and a heap block.
// Bindings after the first go to one heap block.
#ifndef PORTOLAN_MODELS_RESULTS_PORT_BINDINGS_H_
#define PORTOLAN_MODELS_RESULTS_PORT_BINDINGS_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "models/results/interned_string.h"

namespace portolan::models {

struct PortBinding {
  InternedString label;
  InternedString address;   // the host IP
  std::uint16_t value = 0;  // the host port
  std::uint16_t to = 0;     // the port inside the allocation (the host port when not mapped)
  friend bool operator==(const PortBinding&, const PortBinding&) = default;
};

class PortBindings {
 public:
  PortBindings() = default;
  PortBindings(const PortBindings& other);
  PortBindings(PortBindings&&) noexcept = default;
  PortBindings& operator=(const PortBindings& other);
  PortBindings& operator=(PortBindings&&) noexcept = default;

  // Sized once: the bindings are known together, at placement.
  explicit PortBindings(std::size_t count) : size_(static_cast<std::uint32_t>(count)) {
    if (count > 1) rest_ = std::make_unique<PortBinding[]>(count - 1);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  PortBinding& operator[](std::size_t i) { return i == 0 ? first_ : rest_[i - 1]; }
  const PortBinding& operator[](std::size_t i) const { return i == 0 ? first_ : rest_[i - 1]; }

  std::string str() const;  // "" for none
  // Bytes held beyond the object itself: the block of the bindings after the first.
  std::size_t heap_bytes() const { return size_ > 1 ? (size_ - 1) * sizeof(PortBinding) : 0; }
  friend bool operator==(const PortBindings& a, const PortBindings& b);
  friend bool operator==(const PortBindings& a, std::string_view text) { return a.str() == text; }
  friend std::ostream& operator<<(std::ostream& os, const PortBindings& p) { return os << p.str(); }

 private:
  std::uint32_t size_ = 0;
  PortBinding first_;
  std::unique_ptr<PortBinding[]> rest_;  // size_ - 1 of them
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_PORT_BINDINGS_H_
