// A directory of output being written beside its target, moved into place only when whole.
//
// Contract:
// - StagingDir(target) creates ".<name>.partial-<pid>" next to `target` (hidden, so a listing of
//   the parent shows only finished output). First it removes what earlier runs left for the
//   same target: ".<name>.partial-<pid>" and ".<name>.old-<pid>" of processes no longer alive.
// - commit() moves the staged directory to `target`, replacing an earlier one: a plain rename
//   when there was none, otherwise the old one is renamed aside, the new one into place, and
//   the old one removed. Callers check first that `target` is theirs to replace.
// - Destroyed without commit() (an exception, an early return), it removes the directory.
// - While one exists uncommitted it is registered: remove_pending_staging_dirs() removes every
//   registered directory, and waits for a commit in progress to finish. The CLI calls it on
//   SIGINT and SIGTERM (cli/interrupt_cleanup.h), so an interrupted run leaves nothing behind.
#ifndef PORTOLAN_MODELS_RESULTS_STAGING_DIR_H_
#define PORTOLAN_MODELS_RESULTS_STAGING_DIR_H_

#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string_view>

namespace portolan::models {

// Output refused: `--out` exists and is not something portolan wrote. The CLI exits 2 on it
// (invalid input), and nothing is written or removed.
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether `target` is an existing directory: false when it is absent, OutputRefused when it
// exists and is not a directory. The opening of every --out check.
bool existing_output_directory(const std::filesystem::path& target);

// Throws OutputRefused unless `target` is absent, an empty directory, or a directory holding
// only files named in `own_files` (what the command writes there).
void check_replaceable(const std::filesystem::path& target,
                       std::initializer_list<std::string_view> own_files);

class StagingDir {
 public:
  // `target` absolute and normal (results_target() gives one). Throws std::runtime_error with
  // the path and the reason when the directory cannot be created.
  explicit StagingDir(const std::filesystem::path& target);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Throws std::runtime_error (std::filesystem_error) when a rename fails; the staged directory
  // is then removed by the destructor and `target` is as it was, or absent.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path path_;
  bool committed_ = false;
};

// Removes every uncommitted StagingDir's directory. Safe from any thread; errors are ignored
// (the next run removes what is left).
void remove_pending_staging_dirs() noexcept;

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_STAGING_DIR_H_
