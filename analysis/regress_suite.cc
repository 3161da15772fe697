#include "analysis/regress_suite.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "analysis/editable_scenario.h"
#include "analysis/paired_compare.h"
#include "analysis/task_pool.h"
#include "scenarios/loader.h"

namespace portolan::analysis {
namespace fs = std::filesystem;
namespace {

struct Prepared {
  std::string name;
  std::optional<EditableScenario> scenario;
  std::uint64_t first_seed = 0;
};

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

std::vector<Prepared> prepare(const SuiteOptions& options) {
  if (options.seeds < 1) throw SuiteInputError("--seeds must be at least 1");
  if (!fs::is_directory(options.suite)) {
    throw SuiteInputError(options.suite.string() + ": not a folder of scenarios");
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(options.suite)) {
    if (entry.is_regular_file() && entry.path().extension() == ".textproto") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw SuiteInputError(options.suite.string() + ": no *.textproto scenario");
  std::vector<Prepared> out;
  for (const auto& file : files) {
    Prepared p;
    p.name = file.stem().string();
    try {
      EditableScenario s = EditableScenario::from_file(file.string());
      for (const auto& assignment : options.sets) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos) {
          throw SuiteInputError("--set " + assignment + ": expected field.path=value");
        }
        s.set(std::string_view(assignment).substr(0, eq),
              std::string_view(assignment).substr(eq + 1));
      }
      if (!options.policy.empty()) s.set("cluster.scheduler.algorithm", options.policy);
      s.validate();
      p.first_seed = s.loaded().scenario.run().seed();
      p.scenario.emplace(std::move(s));
    } catch (const scenario::ScenarioError& e) {
      throw SuiteInputError(join(e.problems()));
    }
    out.push_back(std::move(p));
  }
  return out;
}

// Runs every (scenario, seed) on `jobs` threads (analysis/task_pool.h); slot [s][k] is scenario s's
// k-th seed.
std::vector<std::vector<RunRecord>> run_all(const std::vector<Prepared>& scenarios,
                                            const SuiteOptions& options) {
  const std::size_t per = static_cast<std::size_t>(options.seeds);
  const std::size_t total = scenarios.size() * per;
  std::vector<std::vector<RunRecord>> records(scenarios.size(), std::vector<RunRecord>(per));
  run_tasks(total, options.jobs, [&](std::size_t task) {
    const auto& p = scenarios[task / per];
    models::RunOptions run;
    run.seed = p.first_seed + task % per;
    try {
      records[task / per][task % per] = record_of(run_scenario(*p.scenario, run));
    } catch (const std::exception& e) {
      throw std::runtime_error(p.name + " seed " + std::to_string(*run.seed) + ": " + e.what());
    }
  });
  return records;
}

// The baseline replications of `seeds`, in that order.
std::vector<RunRecord> load_baseline(const fs::path& dir, const std::vector<std::uint64_t>& seeds) {
  if (!fs::is_directory(dir)) {
    throw SuiteInputError(dir.string() + ": no baseline (scripts/update-baselines writes them)");
  }
  std::map<std::uint64_t, RunRecord> by_seed;
  std::vector<fs::path> reps;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && entry.path().filename().string().rfind("replication-", 0) == 0) {
      reps.push_back(entry.path());
    }
  }
  std::sort(reps.begin(), reps.end());
  if (reps.empty()) {
    throw SuiteInputError(dir.string() +
                          ": no replication-NNN directories (a baseline of one run? "
                          "scripts/update-baselines writes replications)");
  }
  for (const auto& rep : reps) {
    try {
      RunRecord r = load_run_record(rep);
      const auto seed = r.summary.value("seed", -1LL);
      if (seed < 0) throw SuiteInputError((rep / "summary.json").string() + ": no \"seed\"");
      by_seed.emplace(static_cast<std::uint64_t>(seed), std::move(r));
    } catch (const SuiteInputError&) {
      throw;
    } catch (const std::exception& e) {
      throw SuiteInputError(e.what());
    }
  }
  std::vector<RunRecord> out;
  for (const auto seed : seeds) {
    const auto it = by_seed.find(seed);
    if (it == by_seed.end()) {
      throw SuiteInputError(dir.string() + ": no replication with seed " + std::to_string(seed) +
                            " (it has " + std::to_string(by_seed.size()) +
                            "; fewer --seeds, or scripts/update-baselines)");
    }
    out.push_back(std::move(it->second));
  }
  return out;
}

std::vector<Distribution> distributions(const std::vector<RunRecord>& base,
                                        const std::vector<RunRecord>& cand) {
  std::vector<Distribution> out;
  for (const char* family : {"discovery_latency_s", "stale_s"}) {
    const auto rows = [family](const RunRecord& r) -> const auto& {
      return std::string_view(family) == "stale_s" ? r.stale_s : r.discovery_latency_s;
    };
    std::set<std::string> keys;
    for (const auto* side : {&base, &cand}) {
      for (const auto& r : *side) {
        for (const auto& [key, _] : rows(r)) keys.insert(key);
      }
    }
    for (const auto& key : keys) {
      Distribution d{.family = family, .key = key, .baseline = {}, .candidate = {}};
      for (const auto& r : base) {
        if (const auto it = rows(r).find(key); it != rows(r).end()) {
          d.baseline.insert(d.baseline.end(), it->second.begin(), it->second.end());
        }
      }
      for (const auto& r : cand) {
        if (const auto it = rows(r).find(key); it != rows(r).end()) {
          d.candidate.insert(d.candidate.end(), it->second.begin(), it->second.end());
        }
      }
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace

bool SuiteReport::passed() const {
  return std::all_of(scenarios.begin(), scenarios.end(),
                     [](const auto& s) { return s.comparison.passed(); });
}

std::vector<std::string> SuiteReport::unused_tolerances() const {
  std::vector<std::string> out;
  for (const auto& t : tolerances) {
    const std::string pattern = t.substr(0, t.rfind('='));
    const bool unused = std::all_of(scenarios.begin(), scenarios.end(), [&](const auto& s) {
      const auto& u = s.comparison.unused_patterns;
      return std::find(u.begin(), u.end(), pattern) != u.end();
    });
    if (unused) out.push_back(pattern);
  }
  return out;
}

int severity(Verdict v) {
  switch (v) {
    case Verdict::kWorse:
    case Verdict::kNewWorse:
    case Verdict::kMissing:
      return 0;
    case Verdict::kBetter:
      return 1;
    case Verdict::kNew:
      return 2;
    default:
      return 3;
  }
}

std::vector<ReportRow> rows_by_severity(const SuiteReport& report) {
  std::vector<ReportRow> out;
  for (int rank = 0; rank <= 3; ++rank) {
    for (const auto& s : report.scenarios) {
      for (const auto& r : s.comparison.rows) {
        if (severity(r.verdict) == rank) out.push_back({&s, &r});
      }
    }
  }
  return out;
}

std::vector<std::vector<RunRecord>> run_candidates(const SuiteOptions& options) {
  return run_all(prepare(options), options);
}

SuiteReport run_suite(const SuiteOptions& options) {
  const auto scenarios = prepare(options);
  // Every baseline is checked before anything runs: bad input fails fast.
  std::vector<std::vector<RunRecord>> baselines;
  for (const auto& p : scenarios) {
    std::vector<std::uint64_t> seeds;
    for (int k = 0; k < options.seeds; ++k) seeds.push_back(p.first_seed + k);
    baselines.push_back(load_baseline(options.baselines / p.name, seeds));
  }
  const auto candidates = run_all(scenarios, options);

  SuiteReport report;
  report.suite = options.suite.string();
  report.baselines = options.baselines.string();
  report.seeds = options.seeds;
  for (const auto& t : options.tolerances)
    report.tolerances.push_back(t.pattern + "=" + t.to_string());
  report.policy = options.policy;
  report.sets = options.sets;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    std::vector<nlohmann::json> b, c;
    for (const auto& r : baselines[s]) b.push_back(r.summary);
    for (const auto& r : candidates[s]) c.push_back(r.summary);
    ScenarioOutcome outcome;
    outcome.name = scenarios[s].name;
    try {
      outcome.comparison =
          options.seeds == 1 ? compare_runs(RunSet{b, false}, RunSet{c, false}, options.tolerances)
                             : compare_paired(b, c, options.tolerances);
    } catch (const PairingError& e) {
      throw SuiteInputError(scenarios[s].name + ": " + e.what());
    }
    outcome.distributions = distributions(baselines[s], candidates[s]);
    report.scenarios.push_back(std::move(outcome));
  }
  return report;
}

}  // namespace portolan::analysis
