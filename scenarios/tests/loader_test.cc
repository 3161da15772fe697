// Loading: syntax errors with positions, defaults, names, text round trips, line lookups.
#include "scenarios/loader.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portolan::scenario {
namespace {

using google::protobuf::util::MessageDifferencer;

const std::string kHello = PORTOLAN_SOURCE_DIR "/scenarios/examples/hello.textproto";

// The problems a parse of `text` throws; fails the test when it does not throw.
std::vector<std::string> parse_problems(const std::string& text, const std::string& source) {
  try {
    parse_text(text, source);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "parsing did not throw:\n" << text;
  return {};
}

TEST(Loader, MisspeltFieldNamesFileLineAndColumn) {
  const std::string text =
      "name: \"x\"\n"
      "cluster {\n"
      "  pols { name: \"web\" }\n"
      "}\n";
  const auto problems = parse_problems(text, "x.textproto");
  ASSERT_EQ(problems.size(), 1u);
  // Protobuf's parser reports the unknown name at the token after it: the "{" in column 8.
  EXPECT_EQ(problems[0],
            "x.textproto:3:8: Message type \"portolan.scenario.Cluster\" has no field named "
            "\"pols\" (did you mean \"pools\"?).");
}

TEST(Loader, WrongValueTypeNamesItsPosition) {
  const std::string text =
      "cluster {\n"
      "  pools {\n"
      "    name: \"web\"\n"
      "    count: \"three\"\n"
      "  }\n"
      "}\n";
  const auto problems = parse_problems(text, "dir/y.textproto");
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0], "dir/y.textproto:4:12: Expected integer, got: \"three\"");
}

TEST(Loader, SeveralSyntaxErrorsReportTheFirstWithItsPosition) {
  const std::string text =
      "name: \"x\"\n"
      "cluster {\n"
      "  pools { name: web }\n"   // an unquoted string
      "  pools { nme: \"b\" }\n"  // a misspelt field
      "}\n"
      "foo: 1\n";  // an unknown top-level field
  const auto problems = parse_problems(text, "x.textproto");
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0], "x.textproto:3:17: Expected string, got: web");
  for (const auto& p : problems) EXPECT_EQ(p.rfind("x.textproto:", 0), 0u) << p;
}

TEST(Loader, MissingFileThrowsNamingThePath) {
  const std::string path = PORTOLAN_SOURCE_DIR "/scenarios/tests/data/no-such-file.textproto";
  try {
    load_file(path);
    FAIL() << "load_file did not throw";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_NE(e.problems()[0].find(path), std::string::npos) << e.problems()[0];
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(Loader, ADirectoryIsNotAScenario) {
  const std::string path = PORTOLAN_SOURCE_DIR "/scenarios/seed";
  try {
    load_file(path);
    FAIL() << "load_file did not throw";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0], path + ": is a directory, not a scenario file");
  }
}

TEST(Loader, HelloRoundTripsThroughText) {
  const LoadedScenario first = load_file(kHello);
  EXPECT_EQ(first.source_name, kHello);
  EXPECT_EQ(first.scenario.name(), "hello");
  const LoadedScenario second = parse_text(to_text(first.scenario), "roundtrip.textproto");
  std::string diff;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(first.scenario, second.scenario)) << diff;
  EXPECT_TRUE(MessageDifferencer::Equals(first.scenario, second.scenario));
}

TEST(Loader, AppliesNomadDefaults) {
  const std::string text = R"txt(
    cluster {
      pools { name: "web" }
      pools { name: "far" datacenter: "dc2" count: 4 }
    }
    jobs {
      name: "svc"
      groups {
        name: "app"
        network { ports { label: "http" } }
        services { name: "svc" port: "http" }
        tasks {
          name: "app"
          templates { service: "svc" }
        }
      }
    }
    jobs {
      name: "once"
      type: "batch"
      groups {
        name: "work"
        tasks { name: "work" }
      }
    }
  )txt";
  const Scenario s = parse_text(text, "d.textproto").scenario;

  const NodePool& web = s.cluster().pools(0);
  EXPECT_EQ(web.count(), 1);
  EXPECT_EQ(web.datacenter(), "dc1");
  EXPECT_EQ(web.min_dynamic_port(), 20000);
  EXPECT_EQ(web.max_dynamic_port(), 32000);
  EXPECT_EQ(std::vector<std::string>(web.drivers().begin(), web.drivers().end()),
            (std::vector<std::string>{"docker", "exec", "raw_exec"}));
  EXPECT_EQ(web.attributes().at("driver.docker"), "true");
  EXPECT_EQ(web.attributes().at("driver.exec"), "true");
  EXPECT_EQ(web.attributes().at("driver.raw_exec"), "true");
  EXPECT_EQ(web.attributes().at("kernel.name"), "linux");
  EXPECT_EQ(web.attributes().at("cpu.arch"), "amd64");
  EXPECT_EQ(web.attributes().count("consul.version"), 0u);  // no Consul agent
  EXPECT_EQ(web.resources().cpu_mhz(), 4000);
  EXPECT_EQ(web.resources().memory_mb(), 8192);
  EXPECT_EQ(web.resources().disk_mb(), 100000);
  EXPECT_EQ(s.cluster().pools(1).count(), 4);  // written counts stay

  // The cluster's datacenters are the ones the pools name, in order.
  EXPECT_EQ(
      std::vector<std::string>(s.cluster().datacenters().begin(), s.cluster().datacenters().end()),
      (std::vector<std::string>{"dc1", "dc2"}));
  EXPECT_EQ(s.cluster().region(), "global");
  EXPECT_EQ(s.cluster().scheduler().algorithm(), "binpack");
  EXPECT_EQ(s.cluster().servers().nomad_servers(), 3);
  EXPECT_EQ(s.cluster().servers().consul_servers(), 0);

  const Job& svc = s.jobs(0);
  EXPECT_EQ(svc.type(), "service");
  EXPECT_EQ(std::vector<std::string>(svc.datacenters().begin(), svc.datacenters().end()),
            (std::vector<std::string>{"dc1"}));
  EXPECT_EQ(svc.priority(), 50);
  const Group& app = svc.groups(0);
  EXPECT_EQ(app.count(), 1);
  EXPECT_EQ(app.ephemeral_disk_mb(), 300);
  EXPECT_EQ(app.network().mode(), "host");
  EXPECT_EQ(app.network().ports(0).host_network(), "default");
  EXPECT_EQ(app.services(0).provider(), "consul");
  EXPECT_EQ(app.tasks(0).driver(), "docker");
  EXPECT_EQ(app.tasks(0).cpu_mhz(), 100);
  EXPECT_EQ(app.tasks(0).memory_mb(), 300);
  EXPECT_EQ(app.tasks(0).templates(0).wait_min(), "5s");
  EXPECT_EQ(app.tasks(0).templates(0).wait_max(), "4m");
  EXPECT_EQ(app.tasks(0).templates(0).change_mode(), "restart");

  // structs.DefaultServiceJobReschedulePolicy: 30s exponential up to 1h, unlimited.
  const ReschedulePolicy& service = svc.reschedule();
  EXPECT_EQ(service.delay(), "30s");
  EXPECT_EQ(service.delay_function(), "exponential");
  EXPECT_EQ(service.max_delay(), "1h");
  EXPECT_TRUE(service.unlimited());
  // structs.DefaultBatchJobReschedulePolicy: 1 attempt in 24h, 5s constant, limited.
  const ReschedulePolicy& batch = s.jobs(1).reschedule();
  EXPECT_EQ(batch.attempts(), 1);
  EXPECT_EQ(batch.interval(), "24h");
  EXPECT_EQ(batch.delay(), "5s");
  EXPECT_EQ(batch.delay_function(), "constant");
  EXPECT_FALSE(batch.unlimited());

  EXPECT_EQ(svc.update().max_parallel(), 1);
  EXPECT_EQ(svc.update().min_healthy_time(), "10s");
  EXPECT_EQ(svc.update().healthy_deadline(), "5m");

  EXPECT_EQ(s.run().seed(), 1u);
  EXPECT_EQ(s.run().horizon(), "1h");
  EXPECT_EQ(s.run().replications(), 1);
  EXPECT_EQ(s.run().sample_interval(), "10s");
  EXPECT_EQ(s.propagation().min_heartbeat_ttl(), "10s");
  EXPECT_EQ(s.propagation().heartbeat_grace(), "10s");
  EXPECT_DOUBLE_EQ(s.propagation().max_heartbeats_per_second(), 50.0);
  EXPECT_EQ(s.propagation().gossip_suspicion_mult(), 4);
}

TEST(Loader, WrittenValuesBeatDefaults) {
  const std::string text = R"txt(
    cluster {
      datacenters: "east"
      pools { name: "web" datacenter: "east" count: 0 min_dynamic_port: 30000 drivers: "exec" }
    }
    run { seed: 7 horizon: "10m" }
  )txt";
  const Scenario s = parse_text(text, "w.textproto").scenario;
  const NodePool& web = s.cluster().pools(0);
  EXPECT_EQ(web.count(), 0);  // written 0 is not absent
  EXPECT_EQ(web.min_dynamic_port(), 30000);
  EXPECT_EQ(web.max_dynamic_port(), 32000);
  ASSERT_EQ(web.drivers_size(), 1);
  EXPECT_EQ(web.attributes().at("driver.exec"), "true");
  EXPECT_EQ(web.attributes().count("driver.docker"), 0u);
  ASSERT_EQ(s.cluster().datacenters_size(), 1);
  EXPECT_EQ(s.cluster().datacenters(0), "east");
  EXPECT_EQ(s.run().seed(), 7u);
  EXPECT_EQ(s.run().horizon(), "10m");
}

TEST(Loader, ApplyDefaultsIsIdempotent) {
  const Scenario once = load_file(kHello).scenario;
  Scenario twice = once;
  apply_defaults(&twice);
  EXPECT_TRUE(MessageDifferencer::Equals(once, twice));

  Scenario empty_once;
  apply_defaults(&empty_once);
  Scenario empty_twice = empty_once;
  apply_defaults(&empty_twice);
  EXPECT_TRUE(MessageDifferencer::Equals(empty_once, empty_twice));
}

TEST(Loader, NameDefaultsToTheFileStem) {
  EXPECT_EQ(parse_text("", "some/dir/capacity-test.textproto").scenario.name(), "capacity-test");
  EXPECT_EQ(parse_text("name: \"kept\"", "some/dir/other.textproto").scenario.name(), "kept");
  const LoadedScenario loaded =
      load_file(PORTOLAN_SOURCE_DIR "/scenarios/tests/data/unnamed.textproto");
  EXPECT_EQ(loaded.scenario.name(), "unnamed");
}

TEST(Loader, LineOfFindsNestedRepeatedFields) {
  const std::string text =
      "name: \"lines\"\n"                   // 1
      "jobs {\n"                            // 2
      "  name: \"first\"\n"                 // 3
      "  groups { name: \"g\" }\n"          // 4
      "}\n"                                 // 5
      "jobs {\n"                            // 6
      "  name: \"second\"\n"                // 7
      "  groups {\n"                        // 8
      "    name: \"app\"\n"                 // 9
      "    network {\n"                     // 10
      "      mode: \"bridge\"\n"            // 11
      "      ports {\n"                     // 12
      "        label: \"http\"\n"           // 13
      "        static: 8080\n"              // 14
      "      }\n"                           // 15
      "      ports { label: \"admin\" }\n"  // 16
      "    }\n"                             // 17
      "  }\n"                               // 18
      "}\n";                                // 19
  const LoadedScenario loaded = parse_text(text, "lines.textproto");
  EXPECT_EQ(loaded.line_of({{"jobs", 1}, {"groups", 0}, {"network"}, {"ports", 0}, {"static"}}),
            14);
  EXPECT_EQ(loaded.line_of({{"jobs", 1}, {"groups", 0}, {"network"}, {"ports", 1}, {"label"}}), 16);
  EXPECT_EQ(loaded.line_of({{"jobs", 1}, {"groups", 0}, {"network"}, {"mode"}}), 11);
  EXPECT_EQ(loaded.line_of({{"jobs", 1}, {"name"}}), 7);
  EXPECT_EQ(loaded.line_of({{"jobs", 0}, {"groups", 0}, {"name"}}), 4);
  EXPECT_EQ(loaded.line_of({{"jobs", 1}}), 6);
}

TEST(Loader, LineOfAnUnwrittenFieldIsItsNearestWrittenAncestor) {
  const std::string text =
      "jobs {\n"                           // 1
      "  name: \"only\"\n"                 // 2
      "  groups {\n"                       // 3
      "    name: \"app\"\n"                // 4
      "    network {\n"                    // 5
      "      ports { label: \"http\" }\n"  // 6
      "    }\n"                            // 7
      "  }\n"                              // 8
      "}\n";                               // 9
  const LoadedScenario loaded = parse_text(text, "lines.textproto");
  // `static` and `to` were not written: the port's own line.
  EXPECT_EQ(loaded.line_of({{"jobs", 0}, {"groups", 0}, {"network"}, {"ports", 0}, {"static"}}), 6);
  // `count` was not written (the loader defaulted it): the group's line.
  EXPECT_EQ(loaded.line_of({{"jobs", 0}, {"groups", 0}, {"count"}}), 3);
  // Neither `mode` nor the services were written.
  EXPECT_EQ(loaded.line_of({{"jobs", 0}, {"groups", 0}, {"network"}, {"mode"}}), 5);
  EXPECT_EQ(loaded.line_of({{"jobs", 0}, {"groups", 0}, {"services", 0}, {"name"}}), 3);
  // Nothing of `run` was written: no line.
  EXPECT_EQ(loaded.line_of({{"run"}, {"seed"}}), 0);
  // A hand-built scenario has no positions at all.
  EXPECT_EQ(LoadedScenario{}.line_of({{"jobs", 0}}), 0);
}

}  // namespace
}  // namespace portolan::scenario
