// Writes a report file of a CLI command (regress, capacity) whole, or throws naming the path.
#ifndef PORTOLAN_CLI_WRITE_FILE_H_
#define PORTOLAN_CLI_WRITE_FILE_H_

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace portolan::cli {

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_WRITE_FILE_H_
