#include "scenarios/datacenter_glob.h"

#include <vector>

namespace portolan::scenario {

// go-glob: split on "*"; the first part is a prefix, the last a suffix, the middle ones appear
// in order between them.
bool datacenter_matches(std::string_view pattern, std::string_view subject) {
  if (pattern == "*") return true;
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto star = pattern.find('*', start);
    parts.push_back(pattern.substr(start, star == std::string_view::npos ? star : star - start));
    if (star == std::string_view::npos) break;
    start = star + 1;
  }
  if (parts.size() == 1) return pattern == subject;
  if (subject.substr(0, parts.front().size()) != parts.front()) return false;
  std::size_t at = parts.front().size();
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    const auto found = subject.find(parts[i], at);
    if (found == std::string_view::npos) return false;
    at = found + parts[i].size();
  }
  const auto& last = parts.back();
  return subject.size() >= at + last.size() && subject.substr(subject.size() - last.size()) == last;
}

}  // namespace portolan::scenario
