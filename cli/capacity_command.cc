#include "cli/capacity_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "capacity/capacity_planner.h"
#include "capacity/plan_report.h"
#include "cli/write_file.h"
#include "importers/importer.h"
#include "models/results/results_writer.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::cli {
namespace fs = std::filesystem;
namespace models = portolan::models;
namespace {

constexpr int kExitNoCluster = 1;
constexpr int kExitInvalidInput = 2;

}  // namespace

CLI::App* add_capacity_command(CLI::App& app, CapacityArgs* args) {
  auto* cmd = app.add_subcommand(
      "capacity",
      "Find the cheapest cluster of the candidate node shapes in REQUEST's `capacity` field on\n"
      "which its workload meets every requirement (failures allowed, share of seeds, N+k, rack,\n"
      "datacenter and update headroom, dynamic ports left free): lower bounds first, then\n"
      "simulation, seeds in parallel. Prints the answer, its binding dimension and requirement\n"
      "and margins; writes OUT/plan.json and OUT/candidates.csv. Exits 0 when a cluster is\n"
      "found, 1 when none within the bounds is, 2 on bad input. Definitions: docs/capacity.md.");
  cmd->add_option("REQUEST", args->request, "scenario file with a capacity request (.textproto)")
      ->required();
  cmd->add_option("JOBFILE", args->job_files,
                  "Nomad jobspecs (.nomad, .hcl, .json) to add to the workload");
  cmd->add_option("-o,--out", args->out, "output folder; default results/runs/capacity-<name>");
  cmd->add_option("--jobs,-j", args->jobs,
                  "parallel runs (default: every core); the plan does not depend on it")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--set", args->sets,
                  "override a field, e.g. --set capacity.seeds=5 (repeatable)");
  cmd->add_flag("--exhaustive", args->exhaustive,
                "simulate every mix within the bounds, no pruning (the planner's reference)");
  cmd->add_flag("-q,--quiet", args->quiet, "print nothing on success");
  return cmd;
}

int run_capacity(const CapacityArgs& args) {
  capacity::Plan plan;
  std::string name;
  try {
    scenario::LoadedScenario loaded = scenario::load_file(args.request);
    try {
      for (const auto& file : args.job_files) {
        const importers::ImportedJob job = importers::import_job_file(file);
        for (const auto& w : job.warnings) std::cerr << "warning: " << w.to_string() << "\n";
        *loaded.scenario.add_jobs() = job.job;
      }
    } catch (const importers::ImportError& e) {
      throw scenario::ScenarioError(e.problems());
    }
    scenario::apply_defaults(&loaded.scenario);
    for (const auto& assignment : args.sets) {
      const auto eq = assignment.find('=');
      if (eq == std::string::npos) {
        throw scenario::ScenarioError({"--set " + assignment + ": expected field.path=value"});
      }
      scenario::set_field(&loaded.scenario, assignment.substr(0, eq), assignment.substr(eq + 1));
    }
    scenario::validate_or_throw(loaded);
    name = loaded.scenario.name();
    capacity::PlanOptions options;
    options.jobs = args.jobs;
    if (!args.quiet && isatty(STDERR_FILENO)) {
      options.progress = [](int candidates, int runs) {
        std::fprintf(stderr, "\rcapacity: %d candidates simulated, %d runs", candidates, runs);
        std::fflush(stderr);
      };
    }
    plan = args.exhaustive ? capacity::exhaustive_capacity(loaded, options)
                           : capacity::plan_capacity(loaded, options);
    if (options.progress) std::fprintf(stderr, "\r%60s\r", "");
  } catch (const scenario::ScenarioError& e) {
    for (const auto& p : e.problems()) std::cerr << "error: " << p << "\n";
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << args.request << ": " << e.what() << "\n";
    return kExitNoCluster;
  }
  const std::string out = args.out.empty() ? "results/runs/capacity-" + name : args.out;
  try {
    // Both files or neither: written into a hidden staging directory, moved into place whole.
    const fs::path target = models::results_target(out);
    models::check_replaceable(target, {"plan.json", "candidates.csv"});
    models::StagingDir staging(target);
    write_file(staging.path() / "plan.json", capacity::plan_json(plan).dump(2) + "\n");
    write_file(staging.path() / "candidates.csv", capacity::candidates_csv(plan));
    staging.commit();
  } catch (const models::OutputRefused& e) {
    std::cerr << "error: --out: " << e.what() << "\n";
    return kExitInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << out << ": " << e.what() << "\n";
    return kExitNoCluster;
  }
  if (!args.quiet) {
    std::cout << capacity::plan_text(plan) << "results: " << out << "\n";
  }
  return plan.feasible ? 0 : kExitNoCluster;
}

}  // namespace portolan::cli
