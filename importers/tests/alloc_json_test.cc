// Allocation snapshots: which allocations hold resources, their ports, and the jobs made from
// allocations whose jobspec was not imported.
#include "importers/alloc_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace portolan::importers {
namespace {

namespace pb = portolan::scenario;

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("alloc_json_test_" + name);
  std::ofstream(path) << text;
  return path.string();
}

// Two nodes of one pool named worker-1 and worker-2.
pb::Scenario two_nodes() {
  pb::Scenario s;
  pb::NodePool* pool = s.mutable_cluster()->add_pools();
  pool->set_name("worker");
  pool->set_count(2);
  pool->add_node_names("worker-1");
  pool->add_node_names("worker-2");
  return s;
}

// One allocation stub in the shape of GET /v1/allocations?resources=true.
std::string alloc(const std::string& id, const std::string& name, const std::string& node,
                  const std::string& desired, const std::string& client,
                  const std::string& resources) {
  const std::string job = name.substr(0, name.find('.'));
  const std::string group = name.substr(name.find('.') + 1, name.find('[') - name.find('.') - 1);
  return R"({"ID": ")" + id + R"(", "Name": ")" + name + R"(", "JobID": ")" + job +
         R"(", "JobType": "batch", "TaskGroup": ")" + group + R"(", "NodeName": ")" + node +
         R"(", "DesiredStatus": ")" + desired + R"(", "ClientStatus": ")" + client +
         R"(", "AllocatedResources": )" + resources + "}";
}

const char kShared[] = R"({"Shared": {"DiskMB": 150, "Networks": [{"Mode": "bridge",
    "ReservedPorts": [{"Label": "admin", "Value": 9000}],
    "DynamicPorts": [{"Label": "http", "Value": 23456}]}]},
  "Tasks": {"work": {"Cpu": {"CpuShares": 700}, "Memory": {"MemoryMB": 256, "MemoryMaxMB": 512}}}})";

// The pre-0.12 form: ports in the task's own networks.
const char kTaskNetworks[] = R"({"Shared": {"DiskMB": 150}, "Tasks": {"work": {
  "Cpu": {"CpuShares": 700}, "Memory": {"MemoryMB": 256},
  "Networks": [{"DynamicPorts": [{"Label": "http", "Value": 24000}]}]}}})";

TEST(AllocJson, OnlyAllocationsThatRunOrStartHoldResources) {
  const std::string file =
      write_temp("status.json",
                 "[" + alloc("a1", "etl.work[0]", "worker-1", "run", "running", kShared) + ", " +
                     alloc("a2", "etl.work[1]", "worker-1", "run", "complete", kShared) + ", " +
                     alloc("a3", "etl.work[2]", "worker-2", "stop", "running", kShared) + ", " +
                     alloc("a4", "etl.work[4]", "worker-2", "run", "pending", kShared) + "]");
  const ImportedAllocations got = allocations_from_path(file, two_nodes());
  ASSERT_EQ(got.allocations.size(), 2u);
  EXPECT_EQ(got.allocations[0].id(), "a1");
  EXPECT_EQ(got.allocations[1].id(), "a4");
  EXPECT_EQ(got.allocations[1].index(), 4);
  EXPECT_EQ(got.allocations[1].node(), "worker-2");
  ASSERT_EQ(got.allocations[0].ports_size(), 2);  // by label: admin, http
  EXPECT_EQ(got.allocations[0].ports(0).label(), "admin");
  EXPECT_EQ(got.allocations[0].ports(0).value(), 9000);
  EXPECT_EQ(got.allocations[0].ports(1).value(), 23456);

  // etl's jobspec was not imported: a job made from the stubs, count the highest index + 1.
  ASSERT_EQ(got.jobs.size(), 1u);
  const pb::Job& job = got.jobs[0];
  EXPECT_EQ(job.name(), "etl");
  EXPECT_EQ(job.type(), "batch");
  ASSERT_EQ(job.datacenters_size(), 1);
  EXPECT_EQ(job.datacenters(0), "*");
  const pb::Group& g = job.groups(0);
  EXPECT_EQ(g.count(), 5);
  EXPECT_EQ(g.ephemeral_disk_mb(), 150);
  EXPECT_EQ(g.network().mode(), "bridge");
  ASSERT_EQ(g.network().ports_size(), 2);
  EXPECT_EQ(g.network().ports(0).static_(), 9000);  // a ReservedPort stays static
  EXPECT_EQ(g.network().ports(1).static_(), 0);     // a DynamicPort is dynamic again
  EXPECT_EQ(g.tasks(0).cpu_mhz(), 700);
  EXPECT_EQ(g.tasks(0).memory_mb(), 256);
  EXPECT_EQ(g.tasks(0).memory_max_mb(), 512);
  ASSERT_EQ(got.warnings.size(), 1u);
  EXPECT_EQ(got.warnings[0].where, "job \"etl\"");
  EXPECT_NE(got.warnings[0].message.find("made from its 2 running allocation(s)"),
            std::string::npos);
}

TEST(AllocJson, TaskLevelNetworksAndImportedJobs) {
  pb::Scenario s = two_nodes();
  pb::Job* job = s.add_jobs();
  job->set_name("etl");
  pb::Group* g = job->add_groups();
  g->set_name("work");
  g->mutable_network()->add_ports()->set_label("http");
  const std::string file = write_temp(
      "task_networks.json",
      "[" + alloc("b1", "etl.work[0]", "worker-2", "run", "running", kTaskNetworks) + ", " +
          alloc("b2", "etl.work[1]", "worker-1", "run", "running", kShared) + ", " +
          alloc("b3", "etl.other[0]", "worker-1", "run", "running", kShared) + ", " +
          alloc("b4", "etl.work[2]", "worker-9", "run", "running", kShared) + "]");
  const ImportedAllocations got = allocations_from_path(file, s);
  EXPECT_TRUE(got.jobs.empty());
  ASSERT_EQ(got.allocations.size(), 1u);
  EXPECT_EQ(got.allocations[0].id(), "b1");
  ASSERT_EQ(got.allocations[0].ports_size(), 1);
  EXPECT_EQ(got.allocations[0].ports(0).value(), 24000);
  ASSERT_EQ(got.warnings.size(), 3u);  // sorted by group then index: other[0], work[1], work[2]
  EXPECT_EQ(got.warnings[0].where, "allocation b3 (etl.other[0])");
  EXPECT_EQ(got.warnings[0].message, "the imported job has no group \"other\": left out");
  EXPECT_EQ(got.warnings[1].where, "allocation b2 (etl.work[1])");
  EXPECT_NE(got.warnings[1].message.find("its ports differ"), std::string::npos);
  EXPECT_EQ(got.warnings[2].message,
            "its node \"worker-9\" is not in the node snapshot (or not ready): left out");
}

TEST(AllocJson, NotAnAllocationNamesTheFile) {
  const std::string file = write_temp(
      "bad.json",
      R"([{"ID": "c1", "Name": "x", "DesiredStatus": "run", "ClientStatus": "running"}])");
  try {
    allocations_from_path(file, two_nodes());
    FAIL() << "expected an ImportError";
  } catch (const ImportError& e) {
    EXPECT_EQ(e.problems().at(0),
              file +
                  ": allocation c1: not an allocation (it needs JobID, TaskGroup and a Name "
                  "\"<job>.<group>[<index>]\")");
  }
}

}  // namespace
}  // namespace portolan::importers
