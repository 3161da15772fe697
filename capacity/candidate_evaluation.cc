#include "capacity/candidate_evaluation.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "capacity/workload_demand.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/duration.h"
#include "scenarios/validator.h"

namespace portolan::capacity {
namespace {

struct Failures {
  std::int64_t count = 0;
  std::map<std::string, std::int64_t> by_reason;

  // "3 failed placements (cpu: 2, memory: 1)", and the most frequent reason (ties: the
  // lexically first).
  std::string text() const {
    std::string s = std::to_string(count) + " failed placement" + (count == 1 ? "" : "s") + " (";
    bool first = true;
    for (const auto& [reason, n] : by_reason) {
      s += (first ? "" : ", ") + reason + ": " + std::to_string(n);
      first = false;
    }
    return s + ")";
  }
  std::string top_reason() const {
    std::string best;
    std::int64_t most = 0;
    for (const auto& [reason, n] : by_reason) {
      if (n > most) {
        best = reason;
        most = n;
      }
    }
    return best;
  }
};

Failures failures_from(const models::RunResult& r, sim::Time from) {
  Failures f;
  for (const auto& p : r.placements) {
    if (p.placed || p.time < from) continue;
    ++f.count;
    ++f.by_reason[p.reason];
  }
  return f;
}

// The plain scenario with `events` at the horizon and the run going on for `settle`.
scenario::Scenario headroom_scenario(const scenario::Scenario& plain, sim::Time horizon,
                                     sim::Time settle,
                                     const std::vector<scenario::TimelineEvent>& events) {
  scenario::Scenario s = plain;
  s.mutable_run()->set_horizon(scenario::format_duration(horizon + settle));
  // The workload is the plain run's: events after its horizon (a job submitted later) move
  // past the end of this run, where they never happen (a job a submit_job event names is not
  // submitted at 0, so the event stays).
  const std::string after_the_end = scenario::format_duration(horizon + settle + sim::kHour);
  for (auto& e : *s.mutable_timeline()) {
    if (scenario::parse_duration(e.at()).value_or(0) > horizon) e.set_at(after_the_end);
  }
  const std::string at = scenario::format_duration(horizon);
  for (auto e : events) {
    e.set_at(at);
    *s.add_timeline() = std::move(e);
  }
  return s;
}

scenario::TimelineEvent fail_node(const std::string& node) {
  scenario::TimelineEvent e;
  e.mutable_fail_node()->set_node(node);
  return e;
}

// Every node of the group (by key) holding the most cpu; ties: the group first met in node
// order.
std::vector<scenario::TimelineEvent> fail_busiest_group(const std::vector<CandidateNode>& nodes,
                                                        const ClusterUsage& usage,
                                                        std::string (*key)(const CandidateNode&)) {
  std::vector<std::string> order;
  std::map<std::string, std::int64_t> cpu;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string k = key(nodes[i]);
    if (!cpu.count(k)) order.push_back(k);
    cpu[k] += usage.nodes[i].cpu_mhz;
  }
  std::string busiest;
  std::int64_t most = -1;
  for (const auto& k : order) {
    if (cpu[k] > most) {
      busiest = k;
      most = cpu[k];
    }
  }
  std::vector<scenario::TimelineEvent> events;
  for (const auto& n : nodes) {
    if (key(n) == busiest) events.push_back(fail_node(n.name));
  }
  return events;
}

std::string rack_key(const CandidateNode& n) { return n.datacenter + "/" + n.rack; }
std::string datacenter_key(const CandidateNode& n) { return n.datacenter; }

}  // namespace

int wave_size(const Requirements& requirements) {
  return std::max(2, requirements.seeds - requirements.seeds_needed() + 1);
}

std::string dimension_of(const std::string& reason) {
  if (reason == "cpu" || reason == "memory" || reason == "disk") return reason;
  if (reason.find("reserved port collision") != std::string::npos) return "static ports";
  if (reason.find("dynamic port") != std::string::npos) return "dynamic ports";
  // PlacementMetric::blocking_reason when no node was evaluated: none left up (a whole rack or
  // datacenter failed) or none in the job's datacenters.
  if (reason == "No nodes were eligible for evaluation") return "no nodes";
  return "constraint";
}

SeedOutcome evaluate_seed(const CandidateCluster& candidate, const Requirements& requirements,
                          std::uint64_t seed) {
  const scenario::Scenario& plain = candidate.loaded.scenario;
  const sim::Time horizon = scenario::parse_duration(plain.run().horizon()).value_or(0);
  SeedOutcome out;
  out.seed = seed;
  models::RunOptions options;
  options.seed = seed;
  const auto fail = [&](const std::string& requirement, const Failures& f) {
    out.requirement = requirement;
    out.dimension = dimension_of(f.top_reason());
    out.why = f.text();
    return out;
  };
  const models::RunResult base = models::run_model(models::build_model(plain), options);
  ++out.runs;
  const Failures plain_failures = failures_from(base, 0);
  const ClusterUsage usage = cluster_usage(plain, candidate.nodes, base);
  out.margins = usage.margins;
  if (plain_failures.count > requirements.failures_allowed) return fail("fit", plain_failures);
  if (requirements.dynamic_ports_free > 0 &&
      usage.margins.dynamic_ports < requirements.dynamic_ports_free) {
    out.requirement = "ports";
    out.dimension = "dynamic ports";
    char text[128];
    std::snprintf(text, sizeof text, "a node keeps %.1f%% of its dynamic range free, below %.1f%%",
                  100 * usage.margins.dynamic_ports, 100 * requirements.dynamic_ports_free);
    out.why = text;
    return out;
  }
  std::vector<std::pair<std::string, std::vector<scenario::TimelineEvent>>> headroom;
  if (requirements.node_failures > 0) {
    std::vector<std::size_t> order(candidate.nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return usage.nodes[a].cpu_mhz > usage.nodes[b].cpu_mhz;
    });
    std::vector<scenario::TimelineEvent> events;
    for (std::size_t i = 0;
         i < order.size() && i < static_cast<std::size_t>(requirements.node_failures); ++i) {
      events.push_back(fail_node(candidate.nodes[order[i]].name));
    }
    headroom.emplace_back("N+k", std::move(events));
  }
  if (requirements.rack_failure) {
    headroom.emplace_back("rack", fail_busiest_group(candidate.nodes, usage, rack_key));
  }
  if (requirements.datacenter_failure) {
    headroom.emplace_back("datacenter", fail_busiest_group(candidate.nodes, usage, datacenter_key));
  }
  if (requirements.update_all_jobs) {
    std::vector<scenario::TimelineEvent> events;
    std::set<std::string> seen;
    for (const auto& g : workload_demand(plain).groups) {
      if ((g.type == "service" || g.type == "system") && seen.insert(g.job).second) {
        scenario::TimelineEvent e;
        e.mutable_update_job()->set_job(g.job);
        events.push_back(std::move(e));
      }
    }
    headroom.emplace_back("update", std::move(events));
  }
  for (const auto& [requirement, events] : headroom) {
    const scenario::Scenario s = headroom_scenario(plain, horizon, requirements.settle, events);
    const models::RunResult r = models::run_model(models::build_model(s), options);
    ++out.runs;
    const Failures f = failures_from(r, horizon);
    if (f.count > requirements.failures_allowed) return fail(requirement, f);
  }
  out.passed = true;
  return out;
}

SeedOutcome evaluate_seed(const scenario::LoadedScenario& loaded, const Mix& mix,
                          std::uint64_t seed) {
  const CapacityRequest request = read_request(loaded);
  if (mix.size() != request.shapes.size()) {
    throw std::invalid_argument("capacity: a mix of " + std::to_string(mix.size()) +
                                " counts for " + std::to_string(request.shapes.size()) + " shapes");
  }
  return evaluate_seed(build_candidate(loaded, request, mix), request.requirements, seed);
}

void validate_candidate(const CandidateCluster& candidate) {
  const auto problems = scenario::validate(candidate.loaded);
  if (!problems.empty()) {
    std::vector<std::string> lines;
    for (const auto& p : problems) lines.push_back("candidate " + p.to_string());
    throw scenario::ScenarioError(lines);
  }
}

void evaluate_waves(const CandidateCluster& candidate, const Requirements& requirements,
                    std::uint64_t first_seed, int jobs, bool screen, Evaluation* out,
                    const WaveRunner& runner) {
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  out->mix = candidate.mix;
  const int needed = requirements.seeds_needed();
  const int allowed_failing = requirements.seeds - needed;
  const int wave_seeds = wave_size(requirements);
  for (int start = out->seeds_run; start < requirements.seeds; start += wave_seeds) {
    const int n = std::min(wave_seeds, requirements.seeds - start);
    std::vector<SeedOutcome> wave(static_cast<std::size_t>(n));
    if (runner) {
      std::vector<std::uint64_t> seeds;
      for (int i = 0; i < n; ++i)
        seeds.push_back(first_seed + static_cast<std::uint64_t>(start + i));
      wave = runner(candidate.mix, seeds);
      if (wave.size() != seeds.size()) {
        throw std::runtime_error("capacity: the wave runner returned " +
                                 std::to_string(wave.size()) + " outcomes for " +
                                 std::to_string(seeds.size()) + " seeds");
      }
    }
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n));
    std::atomic<int> next{0};
    const auto worker = [&] {
      for (int i = next++; i < n; i = next++) {
        try {
          wave[static_cast<std::size_t>(i)] = evaluate_seed(
              candidate, requirements, first_seed + static_cast<std::uint64_t>(start + i));
        } catch (...) {
          errors[static_cast<std::size_t>(i)] = std::current_exception();
        }
      }
    };
    if (!runner) {
      const int threads = std::max(1, std::min(jobs, n));
      std::vector<std::thread> pool;
      for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
      worker();
      for (auto& t : pool) t.join();
    }
    for (const auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    for (const auto& seed : wave) {
      const int failing = out->seeds_run - out->seeds_passed;
      ++out->seeds_run;
      out->runs += seed.runs;
      if (seed.passed) {
        out->margins = out->seeds_passed == 0 ? seed.margins : least(out->margins, seed.margins);
        ++out->seeds_passed;
      } else {
        if (failing == 0) out->first_failure = seed;
      }
    }
    const int failing = out->seeds_run - out->seeds_passed;
    out->passed = out->seeds_passed >= needed;
    out->complete =
        out->passed || failing > allowed_failing || out->seeds_run == requirements.seeds;
    if (out->complete) return;
    if (screen && start == 0 && failing == 0) {
      out->passed = true;  // provisional: every seed of the first wave passed
      return;
    }
  }
  out->complete = true;
  out->passed = out->seeds_passed >= needed;
}

Evaluation evaluate_candidate(const CandidateCluster& candidate, const Requirements& requirements,
                              std::uint64_t first_seed, int jobs) {
  validate_candidate(candidate);
  Evaluation out;
  evaluate_waves(candidate, requirements, first_seed, jobs, false, &out);
  return out;
}

}  // namespace portolan::capacity
