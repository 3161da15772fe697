// The portolan command line: validate a scenario, run it, compare two results (or two sets of
// replications, paired by seed), run a regression suite against baselines, import Nomad
// jobspecs and node snapshots.
//
// Exit codes: 0 success; 1 a run or I/O failure, or (compare, regress) a candidate worse than
// its baseline beyond tolerance; 2 invalid input (a scenario that does not parse or validate, a bad
// --set, a bad flag, an unreadable results directory). Errors go to stderr with the file, line and
// the path of the offending value; a failed run writes no results.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.h"
#include "analysis/paired_compare.h"
#include "analysis/task_pool.h"
#include "cli/capacity_command.h"
#include "cli/interrupt_cleanup.h"
#include "cli/job_plan.h"
#include "cli/progress_line.h"
#include "cli/regress_command.h"
#include "cli/summary_printer.h"
#include "importers/importer.h"
#include "models/results/results_writer.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/duration.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"
#include "scenarios/run_memory.h"
#include "scenarios/validator.h"

namespace {

namespace fs = std::filesystem;

namespace scenario = portolan::scenario;
namespace models = portolan::models;

constexpr int kExitRunFailed = 1;
constexpr int kExitInvalidInput = 2;

void print_problems(const std::vector<std::string>& problems) {
  for (const auto& p : problems) std::cerr << "error: " << p << "\n";
}

// Jobspec files given beside a scenario join its jobs, as `portolan import` would write them
// (their warnings printed); the file's own jobs keep their lines.
void add_job_files(scenario::LoadedScenario* loaded, const std::vector<std::string>& job_files) {
  namespace importers = portolan::importers;
  try {
    for (const auto& file : job_files) {
      const importers::ImportedJob job = importers::import_job_file(file);
      for (const auto& w : job.warnings) std::cerr << "warning: " << w.to_string() << "\n";
      *loaded->scenario.add_jobs() = job.job;
      // A problem in this job names the jobspec, not the scenario file it joined.
      loaded->overrides.push_back({{{"jobs", loaded->scenario.jobs_size() - 1}}, file});
    }
  } catch (const importers::ImportError& e) {
    throw scenario::ScenarioError(e.problems());
  }
  scenario::apply_defaults(&loaded->scenario);
}

// Loads FILE and the jobspecs beside it, applies each --set, validates; prints every problem and
// returns nullopt on error.
std::optional<scenario::LoadedScenario> load_valid(const std::string& file,
                                                   const std::vector<std::string>& sets,
                                                   const std::vector<std::string>& job_files = {},
                                                   const scenario::ValidateOptions& options = {}) {
  try {
    scenario::LoadedScenario loaded = scenario::load_file(file);
    add_job_files(&loaded, job_files);
    for (const auto& assignment : sets) {
      const auto eq = assignment.find('=');
      if (eq == std::string::npos) {
        throw scenario::ScenarioError({"--set " + assignment + ": expected field.path=value"});
      }
      scenario::apply_set(&loaded, assignment.substr(0, eq), assignment.substr(eq + 1));
    }
    const auto problems = scenario::validate(loaded, options);
    if (!problems.empty()) {
      std::vector<std::string> lines;
      for (const auto& p : problems) lines.push_back(p.to_string());
      print_problems(lines);
      std::cerr << file << ": " << problems.size() << " problem(s)\n";
      return std::nullopt;
    }
    return loaded;
  } catch (const scenario::ScenarioError& e) {
    print_problems(e.problems());
    return std::nullopt;
  }
}

// --max-memory SIZE: the limit of the run's estimated memory (scenarios/run_memory.h).
scenario::ValidateOptions validate_options(const std::string& max_memory) {
  scenario::ValidateOptions options;
  if (!max_memory.empty()) options.max_memory_bytes = *scenario::parse_memory_size(max_memory);
  return options;
}

std::string check_memory_size(const std::string& text) {
  if (scenario::parse_memory_size(text)) return "";
  return "\"" + text + "\" is not a memory size (e.g. 8GiB, 512MiB, 2GB, or bytes)";
}

int cmd_validate(const std::string& file, const std::vector<std::string>& job_files,
                 const std::string& max_memory) {
  const auto loaded = load_valid(file, {}, job_files, validate_options(max_memory));
  if (!loaded) return kExitInvalidInput;
  std::cout << file << ": ok\n";
  return 0;
}

struct RunArgs {
  std::string file;
  std::vector<std::string> job_files;  // jobspecs beside the scenario
  std::optional<std::uint64_t> seed;
  std::string out;
  std::vector<std::string> sets;
  std::string policy;      // --policy: cluster.scheduler.algorithm, applied after the --set's
  std::string max_memory;  // --max-memory
  bool quiet = false;
  int jobs = 0;  // --jobs: replications run at once; 0: every core
};

int cmd_run(const RunArgs& args) {
  std::vector<std::string> sets = args.sets;
  if (!args.policy.empty()) sets.push_back("cluster.scheduler.algorithm=" + args.policy);
  auto loaded = load_valid(args.file, sets, args.job_files, validate_options(args.max_memory));
  if (!loaded) return kExitInvalidInput;
  const std::uint64_t first_seed = args.seed.value_or(loaded->scenario.run().seed());
  try {
    const models::Model model = models::build_model(loaded->scenario);
    const int replications = loaded->scenario.run().replications();
    const std::string out = args.out.empty() ? "results/runs/" + model.name : args.out;
    models::check_output_target(out);  // before the run: refuse at once, touch nothing
    portolan::cli::ProgressLine progress(stderr, !args.quiet && isatty(STDERR_FILENO), replications,
                                         model.horizon);
    // Replication k at seed first_seed + k, its wall time kept in the one field that may differ.
    // The model is shared read-only; each run owns the rest of its state, so runs may overlap.
    const auto run_once = [&](int k) {
      models::RunOptions options;
      options.seed = first_seed + static_cast<std::uint64_t>(k);
      if (progress.enabled()) {
        options.progress = [&progress, k](const models::RunProgress& p) { progress.update(k, p); };
      }
      const auto started = std::chrono::steady_clock::now();
      models::RunResult result = models::run_model(model, options);
      result.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      progress.run_done(k);
      return result;
    };
    if (replications == 1) {
      const models::RunResult result = run_once(0);
      progress.clear();
      models::write_results(result, out);
      if (!args.quiet) {
        portolan::cli::print_summary(models::summarize(result), std::cout);
        std::cout << "results: " << out << "\n";
      }
      return 0;
    }
    // run.replications > 1: seeds seed, seed + 1, ..., on --jobs threads; each replication's
    // results in OUT/replication-<k>, all written aside and renamed into place together. Each
    // replication writes its own directory; the per-replication lines print in seed order.
    // Written into a hidden staging directory, moved into place whole
    // (models/results/staging_dir.h).
    models::StagingDir staging(models::results_target(out));
    try {
      std::vector<std::optional<std::string>> lines(static_cast<std::size_t>(replications));
      std::size_t printed = 0;
      std::mutex print_mutex;
      // Runs at once: --jobs (default every core), but no more than --max-memory holds by the
      // estimate of one run (validate checked that one fits).
      const double per_run = scenario::estimate_run_memory(loaded->scenario).bytes;
      const double limit = validate_options(args.max_memory).max_memory_bytes;
      int jobs = std::min(portolan::analysis::resolve_jobs(args.jobs), replications);
      const int fit = per_run > 0 ? static_cast<int>(std::max(1.0, limit / per_run)) : jobs;
      if (jobs > fit) {
        if (!args.quiet) {
          std::cerr << "note: " << fit << " replication(s) at once, not " << jobs
                    << ": each needs about " << scenario::format_memory_size(per_run)
                    << " and --max-memory is " << scenario::format_memory_size(limit) << "\n";
        }
        jobs = fit;
      }
      portolan::analysis::run_tasks(lines.size(), jobs, [&](std::size_t k) {
        const models::RunResult result = run_once(static_cast<int>(k));
        char name[32];
        std::snprintf(name, sizeof name, "replication-%03zu", k + 1);
        models::write_results(result, staging.path() / name);
        const nlohmann::json summary = models::summarize(result);
        const std::lock_guard lock(print_mutex);
        lines[k] = std::string(name) + " (seed " + std::to_string(result.seed) +
                   "): " + std::to_string(summary["placements"]["placed"].get<long long>()) +
                   " placed, " + std::to_string(summary["placements"]["failed"].get<long long>()) +
                   " failed\n";
        if (args.quiet || printed >= lines.size() || !lines[printed]) return;
        progress.print_above([&] {
          for (; printed < lines.size() && lines[printed]; ++printed) std::cout << *lines[printed];
          std::cout.flush();
        });
      });
      progress.clear();
      staging.commit();
    } catch (...) {
      progress.clear();  // the staging directory goes with `staging`: a failed run leaves nothing
      throw;
    }
    if (!args.quiet) std::cout << "results: " << out << " (" << replications << " replications)\n";
    return 0;
  } catch (const scenario::ScenarioError& e) {
    print_problems(e.problems());
    return kExitInvalidInput;
  } catch (const models::OutputRefused& e) {
    std::cerr << "error: --out: " << e.what() << "\n";
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << args.file << ": " << e.what() << "\n";
    return kExitRunFailed;
  }
}

struct CompareArgs {
  std::string baseline;
  std::string candidate;
  std::vector<std::string> tolerances;
};

int cmd_compare(const CompareArgs& args) {
  namespace analysis = portolan::analysis;
  try {
    std::vector<analysis::Tolerance> tolerances;
    for (const auto& t : args.tolerances) tolerances.push_back(analysis::Tolerance::parse(t));
    // Two results directories compare as they always did; replication sets pair by seed.
    const auto comparison = analysis::compare_runs(
        analysis::load_run_set(args.baseline), analysis::load_run_set(args.candidate), tolerances);
    analysis::print_comparison(comparison, std::cout);
    return comparison.passed() ? 0 : kExitRunFailed;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitInvalidInput;
  }
}

struct ImportArgs {
  std::vector<std::string> job_files;
  std::vector<std::string> vars;
  std::vector<std::string> var_files;
  std::string nodes;
  std::string allocs;
  std::string out;
};

// Writes the scenario (atomically: a temporary file renamed into place), prints each warning
// to stderr, and validates the result so that a scenario that would not run is reported now.
int cmd_import(const ImportArgs& args) {
  namespace importers = portolan::importers;
  try {
    if (args.job_files.empty() && args.nodes.empty()) {
      std::cerr << "import: nothing to import: give JOBFILE(s), --nodes, or both\n";
      return kExitInvalidInput;
    }
    importers::ImportOptions options{args.job_files, args.vars, args.var_files, args.nodes,
                                     args.allocs};
    const importers::ImportedScenario imported = importers::import_scenario(options);
    const std::string text = imported.to_text();
    for (const auto& w : imported.warnings) std::cerr << "warning: " << w.to_string() << "\n";
    const auto loaded = scenario::parse_text(text, args.out.empty() ? "<stdout>" : args.out);
    const auto problems = scenario::validate(loaded);
    for (const auto& p : problems) std::cerr << "error: " << p.to_string() << "\n";
    if (args.out.empty() || args.out == "-") {
      std::cout << text;
    } else {
      const std::string partial = args.out + ".partial-" + std::to_string(getpid());
      std::ofstream(partial) << text;
      fs::rename(partial, args.out);
      std::cout << args.out << ": " << imported.scenario.jobs_size() << " job(s), "
                << imported.scenario.cluster().pools_size() << " pool(s), "
                << imported.warnings.size() << " warning(s)\n";
    }
    return problems.empty() ? 0 : kExitInvalidInput;
  } catch (const importers::ImportError& e) {
    print_problems(e.problems());
    return kExitInvalidInput;
  } catch (const scenario::ScenarioError& e) {
    print_problems(e.problems());
    return kExitInvalidInput;
  }
}

struct PlanArgs {
  std::string scenario;
  std::string job_file;
  std::string at = "0s";
  std::vector<std::string> vars;
  std::vector<std::string> var_files;
};

// `nomad job plan`'s exit codes: 0 nothing would change, 1 allocations would be created, 255 the
// plan could not be made (here: bad input).
int cmd_plan(const PlanArgs& args) {
  constexpr int kExitPlanError = 255;
  namespace importers = portolan::importers;
  try {
    const auto at = scenario::parse_duration(args.at);
    if (!at) {
      std::cerr << "error: --at " << args.at << ": not a duration (e.g. \"0s\", \"5m\")\n";
      return kExitPlanError;
    }
    const auto loaded = load_valid(args.scenario, {});
    if (!loaded) return kExitPlanError;
    const importers::ImportedJob job =
        importers::import_job_file(args.job_file, args.vars, args.var_files);
    for (const auto& w : job.warnings) std::cerr << "warning: " << w.to_string() << "\n";
    const portolan::cli::JobPlan plan = portolan::cli::plan_job(*loaded, job.job, *at);
    std::cout << portolan::cli::job_plan_text(plan);
    return portolan::cli::job_plan_exit_code(plan);
  } catch (const importers::ImportError& e) {
    print_problems(e.problems());
  } catch (const scenario::ScenarioError& e) {
    print_problems(e.problems());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return kExitPlanError;
}

}  // namespace

int main(int argc, char** argv) {
  portolan::cli::remove_staging_on_interrupt();
  CLI::App app{
      "portolan: a discrete-event simulator of a Nomad cluster's scheduling and networking.\n"
      "Scenarios are Protobuf text files (schema: scenarios/scenario.proto)."};
  app.require_subcommand(1);

  std::string validate_file;
  auto* validate = app.add_subcommand(
      "validate", "Parse and check a scenario; list every problem with its file, line and path.");
  std::vector<std::string> validate_job_files;
  validate->add_option("FILE", validate_file, "scenario file (.textproto)")->required();
  validate->add_option("JOBFILE", validate_job_files,
                       "Nomad jobspecs (.nomad, .hcl, .json) to add to the scenario's jobs");
  std::string validate_max_memory;
  validate
      ->add_option("--max-memory", validate_max_memory,
                   "refuse a run estimated to need more memory; default 4GiB (docs/design.md)")
      ->check(check_memory_size);

  RunArgs run_args;
  auto* run = app.add_subcommand(
      "run",
      "Run a scenario and write its results directory (summary.json, placements.csv,\n"
      "discovery.csv, stale.csv, timeseries.csv), atomically: a failed run writes nothing.");
  run->add_option("FILE", run_args.file, "scenario file (.textproto)")->required();
  run->add_option("JOBFILE", run_args.job_files,
                  "Nomad jobspecs (.nomad, .hcl, .json) to add to the scenario's jobs (HCL\n"
                  "variables take their defaults; use `portolan import --var` otherwise)");
  run->add_option("--seed", run_args.seed,
                  "master seed, 0 to 2^64-1; default: the scenario's run.seed")
      ->check([](const std::string& text) -> std::string {
        // Strictly a whole number in range: CLI11 alone would take "-1" as 2^64-1.
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) {
          return "\"" + text + "\" is not a seed (a whole number from 0 to 18446744073709551615)";
        }
        return "";
      });
  run->add_option("--out", run_args.out, "results directory; default: results/runs/<scenario>");
  run->add_option("--set", run_args.sets,
                  "override a scenario field, e.g. --set cluster.pools[0].count=200 "
                  "(repeatable)");
  run->add_option("--policy", run_args.policy,
                  "placement policy: binpack, spread or optimal; the same as\n"
                  "--set cluster.scheduler.algorithm=NAME, applied after every --set")
      ->check(CLI::IsMember({"binpack", "spread", "optimal"}));
  run->add_option("--jobs,-j", run_args.jobs,
                  "replications (run.replications) run at once (default: every core); the\n"
                  "results do not depend on it")
      ->check(CLI::Range(1, 4096));
  run->add_flag("-q,--quiet", run_args.quiet,
                "print nothing on success (and no progress line on a terminal)");
  run->add_option("--max-memory", run_args.max_memory,
                  "refuse a run estimated to need more memory; default 4GiB (docs/design.md)")
      ->check(check_memory_size);

  CompareArgs compare_args;
  auto* compare = app.add_subcommand(
      "compare",
      "Compare two results metric by metric (placement failures, by reason; discovery latency\n"
      "and stale time quantiles; failed requests: higher is worse). Prints a table; exits 1\n"
      "when the candidate is worse beyond tolerance, 2 on bad input. wall_s is ignored.\n"
      "Two directories of replications (replication-NNN, as run.replications writes them) are\n"
      "paired by seed: per metric n, both means, the mean difference with its 95% Student's t\n"
      "interval, WORSE only when the whole interval lies above the tolerance, better when it\n"
      "lies below minus the tolerance (docs/regress.md). A seed on one side only exits 2.");
  compare
      ->add_option("BASELINE", compare_args.baseline,
                   "results directory (or summary.json), or a directory of replication-NNN")
      ->required();
  compare
      ->add_option("CANDIDATE", compare_args.candidate,
                   "results directory (or summary.json), or a directory of replication-NNN")
      ->required();
  compare
      ->add_option("--tolerance", compare_args.tolerances,
                   "allowed increase, absolute or % of the baseline, by metric name or glob:\n"
                   "--tolerance placements.failed=2 --tolerance 'stale_s.*.p99=10%' "
                   "(repeatable)")
      ->allow_extra_args(false);

  ImportArgs import_args;
  auto* import = app.add_subcommand(
      "import",
      "Import Nomad jobspecs (HCL2, or API JSON as `nomad job inspect -json` prints it), a\n"
      "node snapshot (`nomad operator api '/v1/nodes?resources=true'`) and the allocations\n"
      "running on it (`nomad operator api '/v1/allocations?resources=true'`) into a scenario\n"
      "that starts from today's state; every feature portolan does not model is a warning, and\n"
      "a comment in the scenario.");
  import->add_option("JOBFILE", import_args.job_files, "jobspec files (.nomad, .hcl, .json)");
  import->add_option("-o,--out", import_args.out, "scenario file to write; default: stdout");
  import->add_option("--var", import_args.vars, "NAME=VALUE for an HCL variable (repeatable)")
      ->allow_extra_args(false);
  import->add_option("--var-file", import_args.var_files, "HCL variable file (repeatable)")
      ->allow_extra_args(false);
  import->add_option("--nodes", import_args.nodes,
                     "node JSON, a file or a directory; default: a pool \"client\" of 3");
  import->add_option("--allocs", import_args.allocs,
                     "allocation JSON, a file or a directory (needs --nodes): the running ones\n"
                     "are placed at t = 0; a job not among JOBFILEs is made from its allocations");

  PlanArgs plan_args;
  auto* plan = app.add_subcommand(
      "plan",
      "Nomad's dry run on the simulated cluster: what `nomad job plan JOBFILE` would print if\n"
      "the new job were submitted at --at into SCENARIO (its nodes, running allocations and\n"
      "timeline up to then). Exit 0: nothing would be created; 1: allocations would be\n"
      "created; 255: error, as `nomad job plan`.");
  plan->add_option("SCENARIO", plan_args.scenario, "the cluster scenario (.textproto)")->required();
  plan->add_option("JOBFILE", plan_args.job_file, "the jobspec (.nomad, .hcl, .json)")->required();
  plan->add_option("--at", plan_args.at, "simulated time of the submission; default 0s");
  plan->add_option("--var", plan_args.vars, "NAME=VALUE for an HCL variable (repeatable)")
      ->allow_extra_args(false);
  plan->add_option("--var-file", plan_args.var_files, "HCL variable file (repeatable)")
      ->allow_extra_args(false);

  portolan::cli::RegressArgs regress_args;
  auto* regress = portolan::cli::add_regress_command(app, &regress_args);

  portolan::cli::CapacityArgs capacity_args;
  auto* capacity = portolan::cli::add_capacity_command(app, &capacity_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitInvalidInput;
  }
  if (*validate) return cmd_validate(validate_file, validate_job_files, validate_max_memory);
  if (*run) return cmd_run(run_args);
  if (*compare) return cmd_compare(compare_args);
  if (*import) return cmd_import(import_args);
  if (*plan) return cmd_plan(plan_args);
  if (*regress) return portolan::cli::run_regress(regress_args);
  if (*capacity) return portolan::cli::run_capacity(capacity_args);
  return kExitInvalidInput;
}
