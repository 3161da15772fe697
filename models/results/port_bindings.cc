#include "models/results/port_bindings.h"

#include <charconv>

namespace portolan::models {

PortBindings::PortBindings(const PortBindings& other) : PortBindings(other.size()) {
  for (std::size_t i = 0; i < size(); ++i) (*this)[i] = other[i];
}

PortBindings& PortBindings::operator=(const PortBindings& other) {
  if (this != &other) *this = PortBindings(other);
  return *this;
}

bool operator==(const PortBindings& a, const PortBindings& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i])) return false;
  }
  return true;
}

std::string PortBindings::str() const {
  std::string s;
  char number[8];
  const auto append_number = [&](int value) {
    s.append(number, std::to_chars(number, number + sizeof number, value).ptr);
  };
  for (std::size_t i = 0; i < size(); ++i) {
    const PortBinding& p = (*this)[i];
    if (i > 0) s += ';';
    s.append(p.label.str()).append("=").append(p.address.str()).append(":");
    append_number(p.value);
    s.append("->");
    append_number(p.to);
  }
  return s;
}

}  // namespace portolan::models
