// Nomad API JSON jobs and node snapshots as scenario values, with Nomad's defaults and numbers.
#include "importers/job_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "importers/alloc_json.h"
#include "importers/importer.h"
#include "importers/node_json.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::importers {
namespace {

using nlohmann::json;
namespace pb = portolan::scenario;

TEST(JobJson, DurationsAreGoStrings) {
  EXPECT_EQ(duration_text(30'000'000'000), "30s");
  EXPECT_EQ(duration_text(300'000'000'000), "5m");
  EXPECT_EQ(duration_text(250'000'000), "250ms");
  EXPECT_EQ(duration_text(3'600'000'000'000), "1h");
  EXPECT_EQ(duration_text(0), "0s");
}

TEST(JobJson, BareJobAndJobWrapperAreTheSame) {
  const json bare =
      json::parse(R"({"ID": "a", "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t"}]}]})");
  const json wrapped = {{"Job", bare}};
  EXPECT_EQ(job_from_api_json(bare, "f").job.SerializeAsString(),
            job_from_api_json(wrapped, "f").job.SerializeAsString());
}

TEST(JobJson, NomadDefaults) {
  const ImportedJob j = job_from_api_json(json::parse(R"({"Job": {"ID": "web", "TaskGroups": [
    {"Name": "app", "Services": [{"PortLabel": "http"}],
     "Networks": [{"DynamicPorts": [{"Label": "http"}]}],
     "Tasks": [{"Name": "nginx", "Driver": "docker",
                "Services": [{"PortLabel": "http"}]}]}]}})"),
                                          "web.json");
  EXPECT_EQ(j.job.type(), "service");
  ASSERT_EQ(j.job.datacenters_size(), 1);
  EXPECT_EQ(j.job.datacenters(0), "*");  // api/jobs.go Canonicalize
  const auto& g = j.job.groups(0);
  EXPECT_EQ(g.count(), 1);
  EXPECT_EQ(g.network().mode(), "host");
  EXPECT_EQ(g.tasks(0).cpu_mhz(), 100);  // api/resources.go DefaultResources
  EXPECT_EQ(g.tasks(0).memory_mb(), 300);
  ASSERT_EQ(g.services_size(), 2);
  EXPECT_EQ(g.services(0).name(), "web-app");        // api/services.go Canonicalize
  EXPECT_EQ(g.services(1).name(), "web-app-nginx");  // a task's service
  EXPECT_EQ(g.services(0).provider(), "consul");
  EXPECT_TRUE(j.warnings.empty());
}

// Found by job_json_fuzzer's UBSan (fuzz/corpus/job_json_fuzzer/crash-number-1e300): a number no
// int64 holds was cast to one, undefined behaviour. It now reads as absent, like a mistyped
// field: Nomad's defaults apply (priority 50, count 1, 100 MHz).
TEST(JobJson, NumbersBeyondInt64ReadAsAbsent) {
  const ImportedJob j = job_from_api_json(json::parse(R"({"Job": {"ID": "a", "Priority": 1e300,
    "TaskGroups": [{"Name": "g", "Count": 1e300, "Tasks": [{"Name": "t", "Driver": "docker",
      "Resources": {"CPU": -1e19, "MemoryMB": 18446744073709551615}}]}]}})"),
                                          "a.json");
  EXPECT_FALSE(j.job.has_priority());
  EXPECT_EQ(j.job.groups(0).count(), 1);
  EXPECT_EQ(j.job.groups(0).tasks(0).cpu_mhz(), 100);
  EXPECT_EQ(j.job.groups(0).tasks(0).memory_mb(), 300);
  // In range, a float is truncated toward zero as before: 2.9 tasks' worth is a count of 2.
  const ImportedJob k =
      job_from_api_json(json::parse(R"({"ID": "b", "TaskGroups": [{"Name": "g", "Count": 2.9,
                    "Tasks": [{"Name": "t", "Resources": {"CPU": 9.2e18}}]}]})"),
                        "b.json");
  EXPECT_EQ(k.job.groups(0).count(), 2);
  EXPECT_EQ(k.job.groups(0).tasks(0).cpu_mhz(), 9'200'000'000'000'000'000);
}

TEST(JobJson, Pre012TaskNetworksJoinTheGroup) {
  const ImportedJob j = job_from_api_json(json::parse(R"({"ID": "old", "TaskGroups": [
    {"Name": "g", "Tasks": [{"Name": "t", "Driver": "exec", "Resources": {"CPU": 250,
      "MemoryMB": 64, "Networks": [{"MBits": 10, "ReservedPorts": [{"Label": "http", "Value": 80}],
      "DynamicPorts": [{"Label": "admin"}]}]}}]}]})"),
                                          "old.json");
  const auto& g = j.job.groups(0);
  ASSERT_EQ(g.network().ports_size(), 2);
  EXPECT_EQ(g.network().ports(0).label(), "http");
  EXPECT_EQ(g.network().ports(0).static_(), 80);
  EXPECT_EQ(g.network().ports(1).label(), "admin");
  EXPECT_EQ(g.tasks(0).cpu_mhz(), 250);
  ASSERT_EQ(g.tasks(0).ports_size(), 2);
}

TEST(JobJson, UnmodelledFeaturesAreWarnings) {
  const ImportedJob j =
      job_from_api_json(json::parse(R"({"ID": "x", "Periodic": {"Spec": "* * * * *"},
    "TaskGroups": [{"Name": "g", "Volumes": {"data": {"Type": "csi"}},
      "Tasks": [{"Name": "t", "Vault": {"Policies": ["p"]}, "Artifacts": [{"GetterSource": "s"}],
                 "Resources": {"Devices": [{"Name": "nvidia/gpu"}]}}]}]})"),
                        "x.json");
  std::vector<std::string> messages;
  for (const auto& w : j.warnings) messages.push_back(w.where + ": " + w.message);
  EXPECT_EQ(messages,
            (std::vector<std::string>{"job \"x\": Periodic is not modelled",
                                      "job \"x\" group \"g\": Volumes is not modelled",
                                      "job \"x\" group \"g\" task \"t\": Devices is not modelled",
                                      "job \"x\" group \"g\" task \"t\": artifacts is not modelled",
                                      "job \"x\" group \"g\" task \"t\": vault is not modelled"}));
}

TEST(JobJson, NotAJobIsAnError) {
  EXPECT_THROW(job_from_api_json(json::parse(R"({"Nodes": []})"), "n.json"), ImportError);
}

// A tag or datacenter that is not a string threw the JSON library's type_error out of the
// importer (found by job_json_fuzzer: fuzz/corpus/job_json_fuzzer/crash-tag-not-a-string). A
// mistyped element is skipped, as every mistyped field reads as absent.
TEST(JobJson, ATagOrDatacenterThatIsNotAStringIsSkipped) {
  const ImportedJob j = job_from_api_json(json::parse(R"({"ID": "a", "Datacenters": ["dc1", 7],
    "TaskGroups": [{"Name": "g", "Services": [{"Name": "s", "Tags": ["v1", {}, "v2"]}],
                    "Tasks": [{"Name": "t"}]}]})"),
                                          "a.json");
  ASSERT_EQ(j.job.datacenters_size(), 1);
  EXPECT_EQ(j.job.datacenters(0), "dc1");
  const auto& tags = j.job.groups(0).services(0).tags();
  EXPECT_EQ(std::vector<std::string>(tags.begin(), tags.end()),
            (std::vector<std::string>{"v1", "v2"}));
}

// A number too large for a double is the JSON library's out_of_range, not a parse_error; it
// escaped the importers' catch and aborted `portolan import` (found by alloc_json_fuzzer:
// fuzz/corpus/alloc_json_fuzzer/crash-number-overflow-1e3080). It is an ImportError now, from
// every reader of JSON files: jobs, nodes, allocations.
TEST(JobJson, ANumberBeyondDoubleIsAnImportErrorNamingTheFile) {
  const auto path = (std::filesystem::temp_directory_path() / "portolan-overflow.json").string();
  std::ofstream(path) << R"({"ID": 1e3080})";
  const std::string expected =
      path + ": [json.exception.out_of_range.406] number overflow parsing '1e3080'";
  const auto message = [&](const auto& import) -> std::string {
    try {
      import();
    } catch (const ImportError& e) {
      return e.problems().empty() ? "" : e.problems().front();
    }
    return "no error";
  };
  EXPECT_EQ(message([&] { import_job_file(path); }), expected);
  EXPECT_EQ(message([&] { nodes_from_path(path); }), expected);
  EXPECT_EQ(message([&] { allocations_from_path(path, pb::Scenario()); }), expected);
  std::filesystem::remove(path);
}

// A key or name holding a newline (legal in JSON) is quoted by its warning; the comment that
// `portolan import` writes keeps it on one line, escaped, and the scenario still parses. Found
// by job_json_fuzzer and node_json_fuzzer (fuzz/corpus/*/crash-warning-newline).
TEST(ImportedScenario, AWarningQuotingANewlineStaysOneCommentLine) {
  ImportedScenario imported;
  imported.scenario.mutable_cluster()->add_pools()->set_name("client");
  ImportedJob job = job_from_api_json(json::parse(R"({"ID": "pinned", "TaskGroups": [
    {"Name": "g", "Tasks": [{"Name": "t", "Driver": "docker", "Co\nstraints": [1], "X\ry\u0001": 1}]}]})"),
                                      "t.json");
  *imported.scenario.add_jobs() = std::move(job.job);
  imported.warnings = std::move(job.warnings);
  ImportWarning node;
  node.file = "nodes.json";
  node.where = "node \"a\nb\"";
  node.message = "status down: left out";
  imported.warnings.push_back(node);
  const std::string text = imported.to_text();
  EXPECT_NE(text.find("# warning: nodes.json: node \"a\\nb\": status down: left out\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(    # warning: t.json: job "pinned" group "g" task "t": Co\nstraints is)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(X\ry\x01 is not modelled)"), std::string::npos) << text;
  EXPECT_NO_THROW(pb::parse_text(text, "imported.textproto")) << text;
}

// Runs one imported job alone on one node of `node` text and returns how many allocations of
// its first group were placed.
int placed_on(const json& job, const std::string& node_pool) {
  pb::Scenario s = pb::parse_text("cluster { pools { " + node_pool + " } }", "t").scenario;
  *s.add_jobs() = job_from_api_json(job, "t.json").job;
  pb::apply_defaults(&s);
  EXPECT_TRUE(pb::validate(pb::parse_text(pb::to_text(s), "t")).empty());
  const auto r = models::run_model(models::build_model(s), {});
  int placed = 0;
  for (const auto& p : r.placements) placed += p.placed ? 1 : 0;
  return placed;
}

// scheduler/generic_sched_test.go TestGenericSched_AllocFit_Lifecycle (mock.VariableLifecycleJob:
// main tasks, prestart init tasks, prestart sidecars, each of one size) on a node of 1200 MHz
// less mock.Node's reserved 100 MHz.
json lifecycle_job(int cpu, int memory, int main, int init, int side) {
  json tasks = json::array();
  const auto add = [&](const std::string& name, int n, json lifecycle) {
    for (int i = 0; i < n; ++i) {
      json t = {{"Name", name + std::to_string(i)},
                {"Driver", "exec"},
                {"Resources", {{"CPU", cpu}, {"MemoryMB", memory}}}};
      if (!lifecycle.is_null()) t["Lifecycle"] = lifecycle;
      tasks.push_back(t);
    }
  };
  add("main", main, nullptr);
  add("init", init, {{"Hook", "prestart"}, {"Sidecar", false}});
  add("side", side, {{"Hook", "prestart"}, {"Sidecar", true}});
  return {{"ID", "lifecycle"}, {"TaskGroups", {{{"Name", "g"}, {"Tasks", tasks}}}}};
}

TEST(LifecycleFit, TestGenericSchedAllocFitLifecycle) {
  const std::string node =
      "name: \"n\" resources { cpu_mhz: 1200 } reserved { cpu_mhz: 100 memory_mb: 256 }";
  EXPECT_EQ(placed_on(lifecycle_job(500, 256, 1, 1, 1), node), 1);      // simple init + sidecar
  EXPECT_EQ(placed_on(lifecycle_job(700, 256, 1, 1, 1), node), 0);      // too big init + sidecar
  EXPECT_EQ(placed_on(lifecycle_job(100, 100, 3, 5, 5), node), 1);      // many init + sidecar
  EXPECT_EQ(placed_on(lifecycle_job(100, 100, 10, 10, 10), node), 0);   // too many init + sidecar
  EXPECT_EQ(placed_on(lifecycle_job(1000, 100, 10, 10, 10), node), 0);  // too many too big
}

// TestGenericSched_AllocFit_MemoryOversubscription: 10 allocations of 200 MB (memory_max 500)
// on a node of 1224 MB with 60 reserved: floor(1164 / 200) = 5 placed.
TEST(LifecycleFit, TestGenericSchedAllocFitMemoryOversubscription) {
  const json job = json::parse(R"({"ID": "m", "TaskGroups": [{"Name": "g", "Count": 10,
    "Tasks": [{"Name": "t", "Driver": "exec",
               "Resources": {"CPU": 100, "MemoryMB": 200, "MemoryMaxMB": 500}}]}]})");
  const ImportedJob imported = job_from_api_json(job, "m.json");
  EXPECT_EQ(imported.job.groups(0).tasks(0).memory_max_mb(), 500);
  EXPECT_EQ(placed_on(job,
                      "name: \"n\" resources { cpu_mhz: 10000 memory_mb: 1224 } "
                      "reserved { memory_mb: 60 }"),
            5);
}

const char* kNodes = R"([
 {"ID": "1f2e", "Name": "worker-a", "Datacenter": "eu-1", "NodeClass": "web", "NodePool": "default",
  "Status": "ready", "SchedulingEligibility": "eligible",
  "Attributes": {"kernel.name": "linux", "consul.version": "1.17.2", "plugins.cni.version.bridge": "1.4.0"},
  "Meta": {"rack": "r1"},
  "Drivers": {"docker": {"Detected": true, "Healthy": true}, "exec": {"Detected": true, "Healthy": false}},
  "NodeResources": {"Cpu": {"CpuShares": 8000}, "Memory": {"MemoryMB": 16384}, "Disk": {"DiskMB": 50000},
    "MinDynamicPort": 21000, "MaxDynamicPort": 22000,
    "NodeNetworks": [{"Addresses": [{"Alias": "default", "Address": "10.1.0.5"},
                                    {"Alias": "public", "Address": "203.0.113.5"}]}]},
  "HostNetworks": {"public": {"Name": "public", "CIDR": "203.0.113.0/24", "ReservedPorts": "22"}},
  "ReservedResources": {"Cpu": {"CpuShares": 500}, "Memory": {"MemoryMB": 1024}, "Disk": {"DiskMB": 0},
    "Networks": {"ReservedHostPorts": "22,9100"}}},
 {"ID": "9a8b", "Name": "worker-b", "Status": "down"}
])";

TEST(NodeJson, SnapshotNodesKeepTheirNames) {
  const ImportedNodes n = nodes_from_api_json(json::parse(kNodes), "nodes.json");
  ASSERT_EQ(n.pools.size(), 1u);  // worker-b is down
  const auto& p = n.pools[0];
  EXPECT_EQ(p.node_names(0), "worker-a");
  EXPECT_EQ(p.datacenter(), "eu-1");
  EXPECT_EQ(p.node_class(), "web");
  EXPECT_TRUE(p.consul_agent());
  EXPECT_EQ(p.cni_plugins(0), "bridge");
  EXPECT_EQ(p.meta().at("rack"), "r1");
  EXPECT_EQ(p.resources().cpu_mhz(), 8000);
  EXPECT_EQ(p.reserved().memory_mb(), 1024);
  EXPECT_EQ(p.reserved().reserved_ports(), "22,9100");
  EXPECT_EQ(p.address(), "10.1.0.5");
  ASSERT_EQ(p.host_networks_size(), 1);
  EXPECT_EQ(p.host_networks(0).address(), "203.0.113.5");
  EXPECT_EQ(p.min_dynamic_port(), 21000);
  ASSERT_EQ(p.drivers_size(), 1);  // exec is unhealthy
  EXPECT_EQ(p.drivers(0), "docker");
  ASSERT_EQ(n.warnings.size(), 1u);
  EXPECT_EQ(n.warnings[0].where, "node \"worker-b\"");
}

// A job with datacenters ["eu-*"] and a static port against the snapshot: placed on worker-a,
// by its own name, with the port on its address; a second copy collides.
TEST(NodeJson, PlacementOnSnapshotNodes) {
  pb::Scenario s;
  for (const auto& p : nodes_from_api_json(json::parse(kNodes), "nodes.json").pools) {
    *s.mutable_cluster()->add_pools() = p;
  }
  *s.add_jobs() = job_from_api_json(json::parse(R"({"ID": "web", "Datacenters": ["eu-*"],
    "TaskGroups": [{"Name": "g", "Count": 2, "Networks": [{"ReservedPorts": [{"Label": "http", "Value": 8080}]}],
                    "Tasks": [{"Name": "t", "Driver": "docker", "Config": {"ports": ["http"]}}]}]})"),
                                    "web.json")
                      .job;
  pb::apply_defaults(&s);
  ASSERT_TRUE(pb::validate(pb::parse_text(pb::to_text(s), "t")).empty());
  const auto r = models::run_model(models::build_model(s), {});
  ASSERT_GE(r.placements.size(), 2u);
  EXPECT_EQ(r.placements[0].node, "worker-a");
  EXPECT_EQ(r.placements[0].ports, "http=10.1.0.5:8080->8080");
  EXPECT_FALSE(r.placements[1].placed);
  EXPECT_EQ(r.placements[1].reason, "network: reserved port collision http=8080");
}

TEST(NodeJson, NodePoolIsKeptDefaultIsUnwritten) {
  const ImportedNodes got = nodes_from_api_json(json::parse(R"([
    {"Name": "a", "Status": "ready", "NodePool": "gpu"},
    {"Name": "b", "Status": "ready", "NodePool": "default"}])"),
                                                "nodes.json");
  ASSERT_EQ(got.pools.size(), 2u);
  EXPECT_EQ(got.pools[0].node_pool(), "gpu");
  EXPECT_EQ(got.pools[1].node_pool(), "");  // the loader's default, "default"
}

TEST(JobJson, NodePoolNamespaceAndRegion) {
  const ImportedJob j = job_from_api_json(
      json::parse(R"({"ID": "a", "Region": "eu", "Namespace": "team-a", "NodePool": "gpu",
                      "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t"}]}]})"),
      "a.json");
  EXPECT_EQ(j.job.node_pool(), "gpu");
  EXPECT_EQ(j.job.namespace_(), "team-a");
  EXPECT_EQ(j.job.region(), "eu");
  const ImportedJob d = job_from_api_json(
      json::parse(R"({"ID": "b", "TaskGroups": [{"Name": "g", "Tasks": [{"Name": "t"}]}]})"),
      "b.json");
  EXPECT_EQ(d.job.node_pool() + d.job.namespace_() + d.job.region(), "");  // defaults unwritten
}

}  // namespace
}  // namespace portolan::importers
