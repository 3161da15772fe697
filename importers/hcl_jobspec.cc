#include "importers/hcl_jobspec.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace portolan::importers {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace

std::string hcl2json_path() {
  if (const char* env = std::getenv("PORTOLAN_HCL2JSON"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef PORTOLAN_HCL2JSON
  if (std::filesystem::exists(PORTOLAN_HCL2JSON)) return PORTOLAN_HCL2JSON;
#endif
  return "";
}

ConvertedJobspec convert_hcl(const std::string& file, const std::vector<std::string>& vars,
                             const std::vector<std::string>& var_files) {
  const std::string tool = hcl2json_path();
  if (tool.empty()) {
    throw ImportError({file +
                       ": HCL jobspecs need the hcl2json converter, which this build "
                       "lacks (no Go toolchain or golang-github-hashicorp-hcl-v2-dev at "
                       "configure time; scripts/bootstrap installs them). Convert with "
                       "`nomad job run -output " +
                       file + " > job.json` and import that."});
  }
  std::vector<std::string> args = {tool, "-positions"};
  for (const auto& v : vars) args.insert(args.end(), {"-var", v});
  for (const auto& f : var_files) args.insert(args.end(), {"-var-file", f});
  args.push_back(file);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // Output through temporary files: no pipe can fill up and block the converter.
  char out_path[] = "/tmp/portolan-hcl2json-out-XXXXXX";
  char err_path[] = "/tmp/portolan-hcl2json-err-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  // The CLI blocks SIGINT and SIGTERM in its threads (cli/interrupt_cleanup.h); the converter
  // starts with them unblocked, so ^C stops it too.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, tool.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  // A signal handled meanwhile (a profiler's or libFuzzer's timer) interrupts waitpid: retry,
  // or `status` stays 0 and an unfinished conversion reads as a success with no output.
  bool waited = spawned != 0;
  while (!waited) {
    if (waitpid(pid, &status, 0) == pid) {
      waited = true;
    } else if (errno != EINTR) {
      break;
    }
  }
  close(out_fd);
  close(err_fd);
  const std::string out = read_all(out_path);
  const std::string err = read_all(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  if (spawned != 0) throw ImportError({file + ": cannot run " + tool});
  if (!waited) throw ImportError({file + ": lost track of " + tool + ": " + std::strerror(errno)});
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    auto problems = lines_of(err);
    if (problems.empty()) problems.push_back(file + ": " + tool + " failed");
    throw ImportError(problems);
  }
  ConvertedJobspec result;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(out);
  } catch (const nlohmann::json::exception& e) {
    throw ImportError({file + ": " + tool + " printed no valid JSON: " + e.what()});
  }
  if (doc.contains("Positions")) {
    for (const auto& [k, v] : doc["Positions"].items()) result.positions[k] = v.get<std::string>();
    doc.erase("Positions");
  }
  result.job = std::move(doc);
  return result;
}

}  // namespace portolan::importers
