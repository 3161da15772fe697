#include "cli/job_plan.h"

#include <algorithm>
#include <map>

#include "cli/alloc_metric_text.h"
#include "models/results/results_writer.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/duration.h"
#include "scenarios/validator.h"

namespace portolan::cli {
namespace {

std::string format_at(sim::Time at) { return models::format_seconds(at) + "s"; }

}  // namespace

JobPlan plan_job(const scenario::LoadedScenario& loaded, const scenario::Job& job, sim::Time at) {
  for (const auto& j : loaded.scenario.jobs()) {
    if (j.name() == job.name()) {
      throw scenario::ScenarioError(
          {loaded.source_name + ": job \"" + job.name() +
           "\" is already in the scenario; portolan plan shows a new job's placements (the diff "
           "of an update is not modelled): rename the job or remove it from the scenario"});
    }
  }
  scenario::LoadedScenario with_job = loaded;
  scenario::Scenario& s = with_job.scenario;
  *s.add_jobs() = job;
  scenario::TimelineEvent* submit = s.add_timeline();
  submit->set_at(format_at(at));
  submit->mutable_submit_job()->set_job(job.name());
  // The evaluation happens within a few server round trips of the submission.
  s.mutable_run()->set_horizon(format_at(at + sim::kMinute));
  s.mutable_run()->set_replications(1);
  scenario::apply_defaults(&s);
  scenario::validate_or_throw(with_job);
  const models::RunResult result = models::run_model(models::build_model(s), {});

  JobPlan plan;
  plan.job = job.name();
  plan.type = s.jobs(s.jobs_size() - 1).type();
  std::map<std::string, GroupPlan> groups;
  for (const auto& g : s.jobs(s.jobs_size() - 1).groups()) {
    GroupPlan& gp = groups[g.name()];
    gp.name = g.name();
    for (const auto& t : g.tasks()) gp.tasks.push_back(t.name());
    for (const auto& svc : g.services()) {
      if (svc.connect().sidecar_service()) gp.tasks.push_back("connect-proxy-" + svc.name());
    }
    std::sort(gp.tasks.begin(), gp.tasks.end());
  }
  sim::Time first = -1;
  for (std::size_t i = 0; i < result.placements.size(); ++i) {
    const models::PlacementRecord& p = result.placements[i];
    if (p.job != job.name()) continue;
    if (first < 0) first = p.time;
    if (p.time != first) break;  // a later evaluation: not part of the plan
    GroupPlan& gp = groups[p.group];
    ++gp.create;
    if (p.placed) {
      ++gp.placed;
    } else if (gp.failure.is_null()) {
      gp.failure = models::placement_metric_record(result, i);
    }
  }
  plan.evaluated_at_s = sim::to_seconds(first < 0 ? at : first);
  for (auto& [name, gp] : groups) plan.groups.push_back(std::move(gp));
  return plan;
}

std::string job_plan_text(const JobPlan& plan) {
  std::string out = "+ Job: " + go_quoted(plan.job) + "\n";
  for (const auto& g : plan.groups) {
    out += "+ Task Group: " + go_quoted(g.name);
    out += g.create > 0 ? " (" + std::to_string(g.create) + " create)\n" : "\n";
    for (const auto& t : g.tasks) out += "  + Task: " + go_quoted(t) + " (forces create)\n";
  }
  out += "\nScheduler dry-run:\n";
  const bool failed = std::any_of(plan.groups.begin(), plan.groups.end(),
                                  [](const GroupPlan& g) { return !g.failure.is_null(); });
  if (!failed) {
    out += "- All tasks successfully allocated.\n";
    return out;
  }
  out += plan.type == "system" ? "- WARNING: Failed to place allocations on all nodes.\n"
                               : "- WARNING: Failed to place all allocations.\n";
  std::string blocks;
  for (const auto& g : plan.groups) {
    if (!g.failure.is_null()) blocks += failed_group_text(g.name, g.failure) + "\n";
  }
  blocks.pop_back();  // Nomad trims the blank line after the last group
  return out + blocks;
}

int job_plan_exit_code(const JobPlan& plan) {
  for (const auto& g : plan.groups) {
    if (g.create > 0) return 1;
  }
  return 0;
}

}  // namespace portolan::cli
