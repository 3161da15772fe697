#include "scenarios/alloc_name.h"

#include <algorithm>

namespace portolan::scenario {

AllocName resolve_alloc_name(const Scenario& s, const std::string& name) {
  AllocName out;
  const std::size_t open = name.rfind('[');
  if (open == std::string::npos || name.size() < open + 3 || name.back() != ']') return out;
  const std::string digits = name.substr(open + 1, name.size() - open - 2);
  if (digits.size() > 9 || (digits.size() > 1 && digits[0] == '0') ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return out;
  }
  out.index = std::stoi(digits);
  const std::string prefix = name.substr(0, open);
  for (int j = 0; j < s.jobs_size(); ++j) {
    for (int g = 0; g < s.jobs(j).groups_size(); ++g) {
      if (s.jobs(j).name() + "." + s.jobs(j).groups(g).name() == prefix) {
        out.job = j;
        out.group = g;
        return out;
      }
    }
  }
  return out;
}

}  // namespace portolan::scenario
