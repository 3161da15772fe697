// A fuzz input as a file, for the importers' entry points, which read files (import_job_file,
// nodes_from_path, allocations_from_path): the real code path, JSON parsing and its errors
// included (a number overflow escaped the importers' catch only there).
//
// One private directory per fuzzer process, under $TMPDIR (else /tmp), removed at exit; each
// input overwrites the one file in it.
#ifndef PORTOLAN_FUZZ_INPUT_FILE_H_
#define PORTOLAN_FUZZ_INPUT_FILE_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "fuzz/fuzz_check.h"

namespace portolan::fuzz {

class InputFile {
 public:
  // `name` is the file's name in the directory, e.g. "allocations.json".
  explicit InputFile(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/portolan_fuzz.XXXXXX";
    fuzz_check(mkdtemp(dir.data()) != nullptr, "a temporary directory", dir);
    dir_ = dir;
    path_ = dir + "/" + name;
  }
  ~InputFile() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Writes the input and returns the file's path.
  const std::string& write(const std::uint8_t* data, std::size_t size) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    fuzz_check(out.good(), "the input file is written", path_);
    return path_;
  }

 private:
  std::string dir_;
  std::string path_;
};

}  // namespace portolan::fuzz

#endif  // PORTOLAN_FUZZ_INPUT_FILE_H_
