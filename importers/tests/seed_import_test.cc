// The seed article's jobspecs, written in HCL as the article gives them
// (importers/tests/seed/*.nomad), import and reproduce the seed scenarios' outcomes: each seed
// scenario is run as written and again with its jobs' groups replaced by the imported ones,
// and the two runs place the same allocations on the same nodes with the same ports and
// failure reasons, and discover the same instances by the same paths.
//
// What a seed scenario adds to the article's job for its what-if (node pins, distinct_hosts, a
// count of 2 or 3 to show a collision) is not in the jobspec; it is laid over the imported group
// (its constraints and count, and its services where the article's group has none: 3_localhost's
// redis, which the seed names for its localhost consumers), and the seed's groups the article
// does not write (3_localhost's "app-colocated") stay as they are. Resources are the article's
// (Nomad's defaults, 100 MHz / 300 MB a task), not the seeds' explicit ones: the outcomes do not
// depend on them.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "importers/importer.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::importers {
namespace {

namespace pb = portolan::scenario;

const std::string kSeed = std::string(PORTOLAN_SOURCE_DIR) + "/scenarios/seed/";
const std::string kSpecs = std::string(PORTOLAN_SOURCE_DIR) + "/importers/tests/seed/";

pb::Scenario with_imported(const pb::Scenario& seed, const std::vector<std::string>& specs) {
  pb::Scenario s = seed;
  for (const auto& spec : specs) {
    const ImportedJob imported = import_job_file(kSpecs + spec);
    pb::Job* job = nullptr;
    for (auto& j : *s.mutable_jobs()) {
      if (j.name() == imported.job.name()) job = &j;
    }
    EXPECT_NE(job, nullptr) << spec;
    if (job == nullptr) continue;
    EXPECT_EQ(job->type(), imported.job.type()) << spec;
    for (auto& g : *job->mutable_groups()) {
      for (const auto& ig : imported.job.groups()) {
        if (ig.name() != g.name()) continue;
        pb::Group merged = ig;
        *merged.mutable_constraints() = g.constraints();  // the seed's what-if
        merged.set_count(g.count());
        // 3_localhost's redis has no service block in the article; the seed names one so that
        // its localhost consumers have a service to hold.
        if (merged.services().empty()) *merged.mutable_services() = g.services();
        g = merged;
      }
    }
  }
  return s;
}

using Placement =
    std::tuple<std::string, std::string, int, std::string, bool, std::string, std::string>;
using Discovery = std::tuple<std::string, std::string, std::string, std::string>;

struct Outcome {
  std::vector<Placement> placements;
  std::set<Discovery> discovery;
};

Outcome run(pb::Scenario s) {
  pb::apply_defaults(&s);
  const auto problems = pb::validate(pb::parse_text(pb::to_text(s), "imported"));
  for (const auto& p : problems) ADD_FAILURE() << p.to_string();
  const models::RunResult r = models::run_model(models::build_model(s), {});
  Outcome o;
  for (const auto& p : r.placements) {
    // Dynamic host ports are drawn at random: compare them by label and mapping only.
    std::string ports = p.ports.str();
    o.placements.emplace_back(p.job, p.group, p.alloc_index, p.node, p.placed, p.reason, ports);
  }
  for (const auto& d : r.discovery)
    o.discovery.emplace(d.service, d.path, r.alloc_name(d.instance_alloc), d.consumer);
  return o;
}

void expect_same(const std::string& seed_file, const std::vector<std::string>& specs) {
  const pb::Scenario seed = pb::load_file(kSeed + seed_file).scenario;
  const Outcome want = run(seed);
  const Outcome got = run(with_imported(seed, specs));
  EXPECT_EQ(got.placements, want.placements) << seed_file;
  EXPECT_EQ(got.discovery, want.discovery) << seed_file;
  EXPECT_FALSE(want.placements.empty());
}

#if PORTOLAN_HAVE_HCL2JSON
TEST(SeedImport, ExposeDynamic) {
  expect_same("1_expose_dynamic.textproto", {"1_expose_dynamic.nomad"});
}
TEST(SeedImport, ExposeStatic) {
  expect_same("1_expose_static.textproto", {"1_expose_static.nomad"});
}
TEST(SeedImport, SameGroup) { expect_same("2_same_group.textproto", {"2_same_group.nomad"}); }
TEST(SeedImport, Localhost) { expect_same("3_localhost.textproto", {"3_localhost.nomad"}); }
TEST(SeedImport, SeparateGroups) {
  expect_same("3_separate_groups.textproto", {"3_nomad_discovery.nomad"});
}
TEST(SeedImport, NomadDiscovery) {
  expect_same("3_nomad_discovery.textproto", {"3_nomad_discovery.nomad"});
}
TEST(SeedImport, ConsulDiscovery) {
  expect_same("3_consul_discovery.textproto", {"3_consul_discovery.nomad"});
}
TEST(SeedImport, Connect) { expect_same("4_connect.textproto", {"4_connect.nomad"}); }
TEST(SeedImport, Ingress) {
  expect_same("5_ingress.textproto", {"5_traefik.nomad", "5_web.nomad"});
}
#endif

}  // namespace
}  // namespace portolan::importers
