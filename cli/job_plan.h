// `portolan plan`: Nomad's dry run (`nomad job plan`) of a new job on the simulated cluster.
//
// The scenario runs until `at` with the job submitted then; the job's first evaluation is the
// plan: per task group, the allocations it would create and, for a group that does not fit,
// its placement metrics. Nothing after that evaluation is read. The text is what
// `nomad job plan` prints for a new job (command/job_plan.go formatJobDiff, formatDryRun):
// the diff (`+ Job:`, `+ Task Group: "G" (N create)`, `  + Task: "T" (forces create)`), then
// `Scheduler dry-run:` with "- All tasks successfully allocated." or the failure block. The exit
// code is Nomad's getExitCode: 1 when allocations would be created or destroyed, else 0.
#ifndef PORTOLAN_CLI_JOB_PLAN_H_
#define PORTOLAN_CLI_JOB_PLAN_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenarios/loader.h"
#include "sim/time.h"

namespace portolan::cli {

struct GroupPlan {
  std::string name;
  std::vector<std::string> tasks;  // by name, Nomad's injected Connect proxies included
  int create = 0;                  // allocations the evaluation wants placed
  int placed = 0;
  nlohmann::json failure;  // the first failure's metric (placement_metrics.jsonl); null
};

struct JobPlan {
  std::string job;
  std::string type;
  std::vector<GroupPlan> groups;  // by name, as Nomad's diff sorts them
  double evaluated_at_s = 0;      // simulated time of the job's first evaluation
};

// Throws ScenarioError when the job is already in the scenario (an update's diff is not
// modelled) or the scenario with the job does not validate.
JobPlan plan_job(const scenario::LoadedScenario& loaded, const scenario::Job& job, sim::Time at);

std::string job_plan_text(const JobPlan& plan);
int job_plan_exit_code(const JobPlan& plan);

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_JOB_PLAN_H_
