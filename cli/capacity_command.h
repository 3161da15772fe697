// `portolan capacity REQUEST`: the capacity planner (capacity/capacity_planner.h) as a command.
// REQUEST is a scenario with a `capacity` field (scenario.proto CapacityRequest); JOBFILEs
// (Nomad jobspecs) join its jobs as they do for `portolan run`. Prints the
// answer and writes OUT/plan.json and OUT/candidates.csv atomically (docs/capacity.md).
// Exit codes: 0 a cluster was found, 1 none within the shapes' bounds or a failed run, 2 bad
// input.
#ifndef PORTOLAN_CLI_CAPACITY_COMMAND_H_
#define PORTOLAN_CLI_CAPACITY_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace portolan::cli {

struct CapacityArgs {
  std::string request;
  std::vector<std::string> job_files;  // jobspecs joining the workload
  std::string out;                     // default results/runs/capacity-<scenario>
  int jobs = 0;
  std::vector<std::string> sets;
  bool exhaustive = false;
  bool quiet = false;
};

CLI::App* add_capacity_command(CLI::App& app, CapacityArgs* args);

int run_capacity(const CapacityArgs& args);

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_CAPACITY_COMMAND_H_
