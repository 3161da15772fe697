// `portolan regress SUITE BASELINES`: the suite runner (analysis/regress_suite.h) as a command:
// runs, prints the Markdown report, writes OUT/report.md and OUT/report.html atomically
// (docs/regress.md). Exit codes: 0 no regression, 1 a regression or a failed run, 2 bad input.
#ifndef PORTOLAN_CLI_REGRESS_COMMAND_H_
#define PORTOLAN_CLI_REGRESS_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace portolan::cli {

struct RegressArgs {
  std::string suite;
  std::string baselines;
  int seeds = 10;
  int jobs = 0;
  std::vector<std::string> tolerances;
  std::vector<std::string> sets;
  std::string policy;
  std::string out = "results/runs/regress";
  bool quiet = false;
};

// Adds the subcommand and its options to `app`, filling `args`.
CLI::App* add_regress_command(CLI::App& app, RegressArgs* args);

int run_regress(const RegressArgs& args);

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_REGRESS_COMMAND_H_
