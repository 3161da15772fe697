#include "scenarios/brace_scan.h"

#include <cctype>
#include <vector>

namespace portolan::scenario {
namespace {

struct Open {
  int line;
  int column;
  char brace;
  std::string name;  // the field the block belongs to, "" when none precedes it
};

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '[' ||
         c == ']' || c == '/';
}

}  // namespace

std::optional<BraceProblem> find_brace_problem(std::string_view text, int error_line,
                                               int error_column) {
  std::vector<Open> stack;
  std::optional<std::vector<Open>> at_error;  // the stack when the scan passed the error
  std::string last_word;
  int line = 0;
  int column = 0;
  auto passed_error = [&] {
    return error_line >= 0 && (line > error_line || (line == error_line && column >= error_column));
  };
  for (std::size_t i = 0; i < text.size(); ++i, ++column) {
    if (!at_error && passed_error()) at_error = stack;
    const char c = text[i];
    if (c == '\n') {
      ++line;
      column = -1;
    } else if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i, ++column;
    } else if (c == '"' || c == '\'') {
      for (++i, ++column; i < text.size() && text[i] != c && text[i] != '\n'; ++i, ++column) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i, ++column;
      }
      if (i < text.size() && text[i] == '\n')
        --i, --column;  // an unterminated string: the
                        // parser reports it
      last_word.clear();
    } else if (c == '{' || c == '<') {
      stack.push_back({line + 1, column + 1, c, last_word});
      last_word.clear();
    } else if (c == '}' || c == '>') {
      if (stack.empty()) {
        return BraceProblem{line + 1, column + 1,
                            std::string("`") + c +
                                "` closes no block: one too many, or the `{` that it closes is "
                                "missing above"};
      }
      stack.pop_back();
      last_word.clear();
    } else if (identifier_char(c)) {
      if (i == 0 || !identifier_char(text[i - 1])) last_word.clear();
      last_word += c;
    } else if (c != ':' && !std::isspace(static_cast<unsigned char>(c))) {
      last_word.clear();
    }
  }
  if (stack.empty()) return std::nullopt;
  const std::vector<Open>& open = at_error && !at_error->empty() ? *at_error : stack;
  const Open& block = open.back();
  const std::string what = block.name.empty() ? std::string(1, block.brace)
                                              : block.name + " " + std::string(1, block.brace);
  return BraceProblem{block.line, block.column,
                      "`" + what + "` is never closed: a `" + (block.brace == '{' ? "}" : ">") +
                          "` is missing (" + std::to_string(stack.size()) +
                          " block(s) still open at the end of the file)"};
}

}  // namespace portolan::scenario
