#include "models/feasible/re2_regex.h"

namespace portolan::models {

TranslatedRegex translate_re2(std::string_view re) {
  TranslatedRegex out;
  bool dot_all = false;
  if (re.starts_with("(?")) {
    const auto close = re.find(')');
    const auto flags =
        close == std::string_view::npos ? std::string_view() : re.substr(2, close - 2);
    if (!flags.empty() && flags.find_first_not_of("ims") == std::string_view::npos) {
      if (flags.find('i') != std::string_view::npos) out.flags |= std::regex::icase;
      if (flags.find('m') != std::string_view::npos) out.flags |= std::regex::multiline;
      dot_all = flags.find('s') != std::string_view::npos;
      re.remove_prefix(close + 1);
    }
  }
  bool in_class = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      const char n = re[i + 1];
      if (!in_class && n >= '1' && n <= '9') out.ok = false;  // back-reference
      if (!in_class && n == 'A') {
        out.pattern += '^';
      } else if (!in_class && n == 'z') {
        out.pattern += '$';
      } else {
        out.pattern += c;
        out.pattern += n;
      }
      ++i;
      continue;
    }
    if (in_class) {
      if (c == '[' && re.substr(i, 2) == "[:") {
        const auto end = re.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.pattern += re.substr(i, end + 2 - i);
          i = end + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out.pattern += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.pattern += c;
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (i + 1 < re.size() && re[i + 1] == '^') out.pattern += re[++i];
      if (i + 1 < re.size() && re[i + 1] == ']') {
        out.pattern += "\\]";
        ++i;
      }
      continue;
    }
    if (c == '(' && re.substr(i, 2) == "(?") {
      const auto rest = re.substr(i);
      if (rest.starts_with("(?P<") ||
          (rest.starts_with("(?<") && !rest.starts_with("(?<=") && !rest.starts_with("(?<!"))) {
        const auto end = re.find('>', i);
        if (end == std::string_view::npos) {
          out.ok = false;
          return out;
        }
        out.pattern += '(';
        i = end;
        continue;
      }
      if (rest.starts_with("(?:")) {
        out.pattern += "(?:";
        i += 2;
        continue;
      }
      out.ok = false;  // look-around, or an inline flag group not translated
      return out;
    }
    if (c == '.' && dot_all) {
      out.pattern += "[\\s\\S]";
      continue;
    }
    out.pattern += c;
  }
  return out;
}

}  // namespace portolan::models
