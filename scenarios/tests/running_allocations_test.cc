// A snapshot's running allocations: each mistake is reported on its own line, with what to fix;
// a consistent snapshot passes.
#include "scenarios/running_allocations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/loader.h"

namespace portolan::scenario {
namespace {

// Two nodes of 1000 MHz; "web" asks 600 MHz, a static port 8080 and a dynamic one per
// allocation. Line 9 onwards: one allocation per line.
constexpr char kCluster[] = R"txt(cluster { pools { name: "client" count: 2
  resources { cpu_mhz: 1000 memory_mb: 1024 } reserved { reserved_ports: "22" } } }
jobs { name: "web"
  groups { name: "app" count: 3
    network { ports { label: "http" static: 8080 } ports { label: "admin" } }
    tasks { name: "t" cpu_mhz: 600 memory_mb: 256 }
  }
}
)txt";

std::vector<std::string> problems_of(const std::string& allocations) {
  std::vector<std::string> out;
  for (const auto& p : check_running_allocations(
           parse_text(std::string(kCluster) + allocations, "snap.textproto"))) {
    out.push_back(p.to_string());
  }
  return out;
}

TEST(RunningAllocations, AConsistentSnapshotPasses) {
  EXPECT_TRUE(problems_of(R"txt(allocations { job: "web" group: "app" index: 0 node: "client-0"
  ports { label: "http" value: 8080 } ports { label: "admin" value: 25000 } }
allocations { job: "web" group: "app" index: 1 node: "client-1"
  ports { label: "admin" value: 25000 } ports { label: "http" value: 8080 } }
)txt")
                  .empty());
}

TEST(RunningAllocations, EachMistakeNamesItsLineAndTheFix) {
  const auto problems = problems_of(
      R"txt(allocations { job: "nope" group: "app" node: "client-0" }
allocations { job: "web" group: "x" node: "client-0" }
allocations { job: "web" group: "app" index: 4 node: "client-9" }
allocations { job: "web" group: "app" index: -1 node: "client-0" }
allocations { job: "web" group: "app" index: 0 node: "client-0" ports { label: "http" value: 8081 } ports { label: "admin" value: 22 } ports { label: "zzz" value: 1 } }
allocations { job: "web" group: "app" index: 0 node: "client-1" ports { label: "http" value: 8080 } ports { label: "admin" value: 70000 } }
allocations { job: "web" group: "app" index: 1 node: "client-0" ports { label: "http" value: 8080 } }
)txt");
  const std::vector<std::string> expected = {
      "snap.textproto:9: running allocation \"nope.app[0]\": job \"nope\" is not in the scenario",
      "snap.textproto:10: running allocation \"web.x[0]\": job \"web\" has no group \"x\"",
      "snap.textproto:11: running allocation \"web.app[4]\": node \"client-9\" is not a node of "
      "the cluster at t = 0",
      "snap.textproto:12: running allocation \"web.app[-1]\": index -1 is negative",
      "snap.textproto:13: running allocation \"web.app[0]\": port \"http\" holds 8081 but the "
      "group's static port is 8080",
      "snap.textproto:13: running allocation \"web.app[0]\": port \"admin\" 22 is reserved on "
      "node \"client-0\"",
      "snap.textproto:13: running allocation \"web.app[0]\": port \"zzz\" is not a port of the "
      "group",
      "snap.textproto:14: running allocation \"web.app[0]\": listed twice (allocation names are "
      "unique)",
      "snap.textproto:15: running allocation \"web.app[1]\": port \"admin\" of the group has no "
      "value (list every port)",
      // Line 13's allocation holds its 600 MHz though its ports are wrong.
      "snap.textproto:15: running allocation \"web.app[1]\": cpu on node \"client-0\" is "
      "exhausted: the running allocations listed so far need 1200, the node has 1000 (capacity "
      "less reserved)",
  };
  EXPECT_EQ(problems, expected);
}

// 600 MHz twice on a 1000 MHz node: the second allocation cannot have been running there.
TEST(RunningAllocations, ResourcesBeyondTheNodeAreRefused) {
  const auto problems = problems_of(
      R"txt(allocations { job: "web" group: "app" index: 0 node: "client-0" ports { label: "http" value: 8080 } ports { label: "admin" value: 25000 } }
allocations { job: "web" group: "app" index: 1 node: "client-0" ports { label: "http" value: 8080 } ports { label: "admin" value: 25001 } }
)txt");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0],
            "snap.textproto:10: running allocation \"web.app[1]\": port 8080 on node \"client-0\" "
            "is already held by web.app[0]");
  EXPECT_EQ(problems[1],
            "snap.textproto:10: running allocation \"web.app[1]\": cpu on node \"client-0\" is "
            "exhausted: the running allocations listed so far need 1200, the node has 1000 "
            "(capacity less reserved)");
}

TEST(RunningAllocations, AJobSubmittedLaterCannotBeRunningAtTheStart) {
  const auto problems = problems_of(
      R"txt(timeline { at: "1m" submit_job { job: "web" } }
allocations { job: "web" group: "app" index: 0 node: "client-0" ports { label: "http" value: 8080 } ports { label: "admin" value: 25000 } }
)txt");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("snap.textproto:10: running allocation \"web.app[0]\": job \"web\" "
                             "is submitted at 1m by the timeline"),
            std::string::npos)
      << problems[0];
}

// scenario_fuzzer, run on issue 14's pool-count reproducer, ran out of memory: validate() built
// one map entry per node of a pool of 2^31 - 1, even without allocations
// (fuzz/corpus/scenario_fuzzer/crash-pool-count-oom). The validator rejects the count; this
// check now looks at the first million nodes only.
TEST(RunningAllocations, AHugePoolIsCheckedUpToTheValidatorsLimit) {
  const std::string cluster = R"txt(cluster { pools { name: "web" count: 2147483647 } }
jobs { name: "j" groups { name: "g" tasks { name: "t" } } }
)txt";
  const auto problems = [&](const std::string& allocations) {
    std::vector<std::string> out;
    for (const auto& p : check_running_allocations(parse_text(cluster + allocations, "big"))) {
      out.push_back(p.to_string());
    }
    return out;
  };
  EXPECT_TRUE(problems("").empty());
  EXPECT_TRUE(problems(R"txt(allocations { job: "j" group: "g" node: "web-999999" })txt").empty());
  EXPECT_EQ(problems(R"txt(allocations { job: "j" group: "g" node: "web-1000000" })txt"),
            std::vector<std::string>{"big:3: running allocation \"j.g[0]\": node \"web-1000000\" "
                                     "is not a node of the cluster at t = 0"});
}

}  // namespace
}  // namespace portolan::scenario
