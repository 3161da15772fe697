#include "scenarios/re2_syntax.h"

#include <vector>

namespace portolan::scenario {
namespace {

bool is_repeat(char c) { return c == '*' || c == '+' || c == '?'; }

}  // namespace

std::string re2_syntax_error(std::string_view re) {
  std::vector<std::size_t> open;  // positions of unclosed '('
  // Whether the previous item can take a repetition operator, and whether it is one already.
  bool operand = false;
  bool repeated = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\') {
      if (i + 1 == re.size()) return "trailing backslash at end of expression: ``";
      ++i;
      operand = true;
      repeated = false;
    } else if (c == '[') {
      const std::size_t start = i++;
      if (i < re.size() && re[i] == '^') ++i;
      bool first = true;
      int previous = -1;  // the last single character of the class, for a range's low end
      for (; i < re.size() && (first || re[i] != ']'); ++i, first = false) {
        if (re[i] == '[' && i + 1 < re.size() && re[i + 1] == ':') {
          const std::size_t end = re.find(":]", i + 2);
          if (end != std::string_view::npos) {
            i = end + 1;
            previous = -1;
            continue;
          }
        }
        int ch = static_cast<unsigned char>(re[i]);
        if (re[i] == '\\') {
          if (i + 1 == re.size()) return "trailing backslash at end of expression: ``";
          ch = static_cast<unsigned char>(re[++i]);
          const bool letter_class =
              std::string_view("dDsSwWpP").find(re[i]) != std::string_view::npos;
          if (letter_class) ch = -1;
        }
        if (previous >= 0 && re[i] == '-' && i + 1 < re.size() && re[i + 1] != ']') {
          int high = static_cast<unsigned char>(re[i + 1]);
          std::size_t end = i + 1;
          if (re[i + 1] == '\\' && i + 2 < re.size())
            high = static_cast<unsigned char>(re[end = i + 2]);
          if (high < previous) {
            return "invalid character class range: `" + std::string(re.substr(i - 1, end - i + 2)) +
                   "`";
          }
          i = end;
          previous = -1;
          continue;
        }
        previous = ch;
      }
      if (i >= re.size()) return "missing closing ]: `" + std::string(re.substr(start)) + "`";
      operand = true;
      repeated = false;
    } else if (c == '(') {
      open.push_back(i);
      if (i + 1 < re.size() && re[i + 1] == '?') {
        // (?flags) or (?flags:...) or (?P<name>...): skip to the group's body.
        std::size_t j = i + 2;
        while (j < re.size() && re[j] != ')' && re[j] != ':' && re[j] != '>') ++j;
        if (j < re.size() && re[j] == ')') {
          open.pop_back();  // a bare flag group opens nothing
          i = j;
        } else if (j < re.size()) {
          i = j;
        }
      }
      operand = false;
      repeated = false;
    } else if (c == ')') {
      if (open.empty()) return "unexpected ): `" + std::string(re) + "`";
      open.pop_back();
      operand = true;
      repeated = false;
    } else if (c == '|') {
      operand = false;
      repeated = false;
    } else if (is_repeat(c) || c == '{') {
      std::size_t end = i;
      if (c == '{') {
        end = re.find('}', i);
        const std::string_view inside =
            end == std::string_view::npos ? std::string_view() : re.substr(i + 1, end - i - 1);
        const bool counted = !inside.empty() &&
                             inside.find_first_not_of("0123456789,") == std::string_view::npos &&
                             inside[0] != ',';
        if (!counted) {  // a literal '{', as in Go
          operand = true;
          repeated = false;
          continue;
        }
      }
      const std::string op(re.substr(i, end - i + 1));
      if (!operand) return "missing argument to repetition operator: `" + op + "`";
      if (repeated) {
        // A single '?' after a repetition makes it non-greedy; anything else is nested.
        if (!(c == '?' && i > 0 && (is_repeat(re[i - 1]) || re[i - 1] == '}'))) {
          return "invalid nested repetition operator: `" + std::string(re.substr(i - 1, 2)) + "`";
        }
        repeated = false;  // "a*?" then "*" is nested again, caught as !operand below
        operand = false;
        i = end;
        continue;
      }
      repeated = true;
      i = end;
    } else {
      operand = true;  // a literal, '.', '^' or '$' (Go repeats empty-width assertions too)
      repeated = false;
    }
  }
  if (!open.empty()) return "missing closing ): `" + std::string(re) + "`";
  return "";
}

}  // namespace portolan::scenario
