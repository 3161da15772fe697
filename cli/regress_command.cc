#include "cli/regress_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "analysis/regress_suite.h"
#include "analysis/report_html.h"
#include "analysis/report_markdown.h"
#include "cli/write_file.h"
#include "models/results/results_writer.h"

namespace portolan::cli {
namespace fs = std::filesystem;
namespace models = portolan::models;
namespace {

constexpr int kExitRegression = 1;
constexpr int kExitInvalidInput = 2;

}  // namespace

CLI::App* add_regress_command(CLI::App& app, RegressArgs* args) {
  auto* cmd = app.add_subcommand(
      "regress",
      "Run every scenario (*.textproto) of SUITE on N seeds, in parallel, and compare each with\n"
      "its baseline BASELINES/<scenario>/replication-NNN (scripts/update-baselines writes them),\n"
      "paired by seed: per judged metric, the mean difference candidate - baseline with its 95%\n"
      "Student's t interval; WORSE when the whole interval lies above the tolerance. Prints the\n"
      "report and writes OUT/report.md (a CI step summary) and OUT/report.html (self-contained,\n"
      "with plots). Exits 0 when nothing is worse, 1 on a regression, 2 on bad input.\n"
      "Definitions: docs/regress.md.");
  cmd->add_option("SUITE", args->suite, "folder of scenarios (*.textproto)")->required();
  cmd->add_option("BASELINES", args->baselines, "folder of baselines, one folder per scenario")
      ->required();
  cmd->add_option("--seeds", args->seeds,
                  "seeds per scenario: run.seed, run.seed + 1, ... (default 10); the baselines\n"
                  "must hold these seeds")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--jobs,-j", args->jobs,
                  "parallel runs (default: every core); the report does not depend on it")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--tolerance", args->tolerances,
                  "allowed increase, absolute or % of the baseline mean, by metric name or\n"
                  "glob, as compare takes it: --tolerance 'stale_s.*.p99=10%' (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--set", args->sets,
                  "override a field of every scenario, e.g. --set run.horizon=20m (repeatable)");
  cmd->add_option("--policy", args->policy,
                  "placement policy of the candidate runs: binpack, spread or optimal")
      ->check(CLI::IsMember({"binpack", "spread", "optimal"}));
  cmd->add_option("--out", args->out, "report folder (default results/runs/regress)");
  cmd->add_flag("-q,--quiet", args->quiet, "do not print the report");
  return cmd;
}

int run_regress(const RegressArgs& args) {
  namespace analysis = portolan::analysis;
  analysis::SuiteReport report;
  try {
    analysis::SuiteOptions options;
    options.suite = args.suite;
    options.baselines = args.baselines;
    options.seeds = args.seeds;
    options.jobs = args.jobs;
    options.sets = args.sets;
    options.policy = args.policy;
    for (const auto& t : args.tolerances) {
      options.tolerances.push_back(analysis::Tolerance::parse(t));
    }
    report = analysis::run_suite(options);
  } catch (const std::invalid_argument& e) {  // SuiteInputError, a bad tolerance
    std::cerr << "error: " << e.what() << "\n";
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitRegression;
  }
  const std::string markdown = analysis::report_markdown(report);
  try {
    // Both files or neither: written into a hidden staging directory, moved into place whole.
    const fs::path target = models::results_target(args.out);
    models::check_replaceable(target, {"report.md", "report.html"});
    models::StagingDir staging(target);
    write_file(staging.path() / "report.md", markdown);
    write_file(staging.path() / "report.html", analysis::report_html(report));
    staging.commit();
  } catch (const models::OutputRefused& e) {
    std::cerr << "error: --out: " << e.what() << "\n";
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << args.out << ": " << e.what() << "\n";
    return kExitRegression;
  }
  if (!args.quiet) {
    std::cout << markdown << "\nreport: " << (fs::path(args.out) / "report.md").string() << ", "
              << (fs::path(args.out) / "report.html").string() << "\n";
  }
  return report.passed() ? 0 : kExitRegression;
}

}  // namespace portolan::cli
