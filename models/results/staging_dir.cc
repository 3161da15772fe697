#include "models/results/staging_dir.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <initializer_list>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>

namespace portolan::models {

namespace fs = std::filesystem;

namespace {

// The uncommitted staging directories of this process. One lock serialises registration,
// commits and the interrupt cleanup, so a cleanup never races a rename half done.
struct Registry {
  std::mutex mutex;
  std::set<fs::path> pending;
};

Registry& registry() {
  static Registry r;
  return r;
}

std::string sibling_name(const fs::path& target, const char* kind, pid_t pid) {
  std::string name = ".";
  name += target.filename().string();
  name += kind;
  name += std::to_string(pid);
  return name;
}

// True when `name` is ".<target>.partial-<pid>" or ".<target>.old-<pid>" of a process that is
// gone. A live process's (a concurrent run's) staging is left alone.
bool left_by_a_dead_run(const std::string& name, const std::string& target_name) {
  for (const char* kind : {".partial-", ".old-"}) {
    std::string prefix = ".";
    prefix += target_name;
    prefix += kind;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    pid_t pid = 0;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size();
    const auto [end, ec] = std::from_chars(first, last, pid);
    if (ec != std::errc() || end != last || pid <= 0) return false;
    return pid != getpid() && kill(pid, 0) == -1 && errno == ESRCH;
  }
  return false;
}

void remove_leftovers(const fs::path& target) {
  std::error_code ec;
  const std::string target_name = target.filename().string();
  for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end;
       it.increment(ec)) {
    if (left_by_a_dead_run(it->path().filename().string(), target_name)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

}  // namespace

StagingDir::StagingDir(const fs::path& target)
    : target_(target), path_(target.parent_path() / sibling_name(target, ".partial-", getpid())) {
  std::error_code ec;
  fs::create_directories(target_.parent_path(), ec);
  if (ec) {
    throw std::runtime_error("cannot create " + target_.parent_path().string() + ": " +
                             ec.message());
  }
  remove_leftovers(target_);
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  fs::remove_all(path_, ec);
  if (!fs::create_directory(path_, ec) || ec) {
    throw std::runtime_error("cannot create " + path_.string() + ": " +
                             (ec ? ec.message() : "it exists"));
  }
  r.pending.insert(path_);
}

StagingDir::~StagingDir() {
  if (committed_) return;
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  r.pending.erase(path_);
}

void StagingDir::commit() {
  Registry& r = registry();
  const fs::path old = target_.parent_path() / sibling_name(target_, ".old-", getpid());
  {
    const std::lock_guard lock(r.mutex);
    const bool replacing = fs::exists(fs::symlink_status(target_));
    if (replacing) {
      fs::remove_all(old);
      fs::rename(target_, old);
    }
    try {
      fs::rename(path_, target_);
    } catch (...) {
      std::error_code ignored;
      if (replacing) fs::rename(old, target_, ignored);  // put the earlier output back
      throw;
    }
    r.pending.erase(path_);
    committed_ = true;
    if (!replacing) return;
    r.pending.insert(old);  // an interrupt from here on removes what is left of it
  }
  // Unlocked: removing the earlier output may take long, and an interrupt meanwhile only has
  // to finish it.
  std::error_code ignored;
  fs::remove_all(old, ignored);
  const std::lock_guard lock(r.mutex);
  r.pending.erase(old);
}

bool existing_output_directory(const fs::path& target) {
  std::error_code ec;
  const auto status = fs::symlink_status(target, ec);
  if (ec || !fs::exists(status)) return false;
  if (!fs::is_directory(status)) {
    throw OutputRefused(target.string() + " exists and is not a directory; choose another --out");
  }
  return true;
}

void check_replaceable(const fs::path& target, std::initializer_list<std::string_view> own_files) {
  if (!existing_output_directory(target)) return;
  for (const auto& entry : fs::directory_iterator(target)) {
    const std::string name = entry.path().filename().string();
    bool own = false;
    for (const std::string_view file : own_files) own = own || name == file;
    if (!own) {
      throw OutputRefused(target.string() + " holds files portolan did not write (e.g. " + name +
                          "); it is replaced whole, so choose a new or empty directory for --out");
    }
  }
}

void remove_pending_staging_dirs() noexcept {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const fs::path& dir : r.pending) {
    // A writer thread may still add a file while this runs: try again when that happens.
    std::error_code ec;
    for (int attempt = 0; attempt < 3; ++attempt) {
      ec.clear();
      fs::remove_all(dir, ec);
      if (!ec) break;
    }
  }
  r.pending.clear();
}

}  // namespace portolan::models
