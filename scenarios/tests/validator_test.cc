// Validation: a good scenario passes; each kind of mistake is reported with its place and line.
#include "scenarios/validator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/field_path.h"
#include "scenarios/loader.h"

namespace portolan::scenario {
namespace {

std::string all_problems(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p.to_string();
  return out;
}

// Issue 14: a regexp constraint against a node value of 20,000+ characters overflowed the stack
// in std::regex_search (SIGSEGV); such a value is now refused where it is written.
TEST(Validator, AnAttributeTooLongForTheRegexEngineIsRefused) {
  const std::string text =
      "cluster {\n  pools {\n    name: \"web\"\n    attributes { key: \"x\" value: \"" +
      std::string(20000, 'a') +
      "\" }\n  }\n}\njobs { name: \"j\" groups { name: \"g\" constraints "
      "{ attribute: \"${attr.x}\" operator: \"regexp\" value: \"(a|b)*c\" } "
      "tasks { name: \"t\" } } }\n";
  const auto problems = validate(parse_text(text, "long.textproto"));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].to_string().rfind("long.textproto:4: pool \"web\": attributes \"x\" is "
                                          "20000 bytes long; at most 4096",
                                          0),
            0u)
      << all_problems(problems);
}

TEST(Validator, HelloHasNoProblems) {
  const LoadedScenario loaded =
      load_file(PORTOLAN_SOURCE_DIR "/scenarios/examples/hello.textproto");
  const auto problems = validate(loaded);
  EXPECT_TRUE(problems.empty()) << all_problems(problems);
  EXPECT_NO_THROW(validate_or_throw(loaded));
}

// One bad scenario: its text, the path-and-message a problem must contain, and the line of the
// offending field (1-based, counted in `text`; the text starts on line 1).
// The texts are delimited R"txt(...)txt", not R"pb(...)pb": clang-format reformats "pb" raw
// strings as text protos, which would move the lines counted here.
struct BadScenario {
  std::string name;
  std::string text;
  std::string expected;
  int line;
};

void PrintTo(const BadScenario& c, std::ostream* os) { *os << c.name; }

class BadScenarioTest : public testing::TestWithParam<BadScenario> {};

TEST_P(BadScenarioTest, IsReportedAtTheOffendingLine) {
  const BadScenario& c = GetParam();
  const auto problems = validate(parse_text(c.text, "bad.textproto"));
  const Problem* found = nullptr;
  for (const auto& p : problems) {
    if (found == nullptr && p.to_string().find(c.expected) != std::string::npos) found = &p;
  }
  ASSERT_NE(found, nullptr) << "no problem contains: " << c.expected
                            << "\ngot:" << all_problems(problems);
  EXPECT_EQ(found->source, "bad.textproto");
  EXPECT_EQ(found->line, c.line) << found->to_string();
  EXPECT_EQ(found->to_string().rfind("bad.textproto:" + std::to_string(c.line) + ": ", 0), 0u)
      << found->to_string();
}

// A dns consumer whose request_rate_per_s is `rate` (line 14 of the text), which the message
// prints as `printed`.
BadScenario request_rate_case(const std::string& name, const std::string& rate,
                              const std::string& printed) {
  return {"RequestRate" + name,
          R"txt(cluster { pools { name: "web" } }
jobs {
  name: "cache"
  groups {
    name: "redis"
    network { ports { label: "db" } }
    services { name: "redis" port: "db" }
    tasks { name: "redis" ports: "db" }
  }
}
jobs { name: "web" groups { name: "web" tasks { name: "web" } } }
consumers {
  name: "c" job: "web" group: "web" task: "web" service: "redis" path: "dns"
  request_rate_per_s: )txt" +
              rate + "\n}",
          R"(consumer "c": request_rate_per_s )" + printed + " is not in [1e-06, 1e+06]", 14};
}

const BadScenario kBadScenarios[] = {
    {"StaticPortAbove65535",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network {
      ports {
        label: "redis"
        static: 70000
      }
    }
    tasks { name: "redis" }
  }
})txt",
     R"(job "hello" group "app" port "redis": static 70000 is not a port)", 9},

    {"StaticPortReservedInEveryPool",
     R"txt(cluster {
  pools { name: "a" reserved { reserved_ports: "22,8000-8100" } }
  pools { name: "b" reserved { reserved_ports: "8080" } }
}
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "http" static: 8080 } }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" port "http": static 8080 is reserved on every node)", 9},

    {"InvertedDynamicRange",
     R"txt(cluster {
  pools {
    name: "web"
    min_dynamic_port: 30000
    max_dynamic_port: 25000
  }
})txt",
     R"(pool "web": dynamic port range 30000-25000 is inverted)", 4},

    {"MinDynamicPortOutOfRange",
     R"txt(cluster {
  pools {
    name: "web"
    min_dynamic_port: 0
  }
})txt",
     R"(pool "web": min_dynamic_port 0 is not a port)", 4},

    {"MaxDynamicPortOutOfRange",
     R"txt(cluster {
  pools {
    name: "web"
    max_dynamic_port: 65536
  }
})txt",
     R"(pool "web": max_dynamic_port 65536 is not a port)", 4},

    {"NegativeGroupCount",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    count: -1
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app": count -1 is not in 0..10000000)", 6},

    {"NegativePoolCount",
     R"txt(cluster {
  pools { name: "web" }
  pools {
    name: "gpu"
    count: -2
  }
})txt",
     R"(pool "gpu": count -2 is not in 0..1000000)", 5},

    {"UnknownNetworkMode",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network {
      mode: "overlay"
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app": network mode "overlay" is not one of host, bridge, cni/NAME, none)",
     7},

    {"UnknownJobType",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  type: "daemon"
  groups { name: "app" tasks { name: "app" } }
})txt",
     R"(job "hello": type "daemon" is not one of service, batch, system, sysbatch)", 4},

    {"UnknownServiceProvider",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "http" } }
    services {
      name: "web"
      port: "http"
      provider: "etcd"
    }
    tasks { name: "app" ports: "http" }
  }
})txt",
     R"(job "hello" group "app" service "web": provider "etcd" is not one of consul, nomad)", 10},

    {"ServiceNamesUnknownPortLabel",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "http" } }
    services {
      name: "web"
      port: "https"
    }
    tasks { name: "app" ports: "http" }
  }
})txt",
     R"(job "hello" group "app" service "web": port "https" is not a port label of the group)", 9},

    {"UpstreamToUnprovidedService",
     R"txt(cluster { pools { name: "web" cni_plugins: "bridge" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network { mode: "bridge" ports { label: "http" } }
    services {
      name: "web"
      port: "http"
      connect {
        sidecar_service: true
        upstreams {
          destination_name: "db"
          local_bind_port: 5432
        }
      }
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" service "web" upstream "db": no group provides service "db")", 13},

    {"ConnectSidecarOutsideBridgeMode",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network {
      mode: "host"
      ports { label: "http" }
    }
    services {
      name: "web"
      port: "http"
      connect { sidecar_service: true }
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" service "web": Consul Connect sidecar requires bridge network, found "host")",
     7},

    {"ConnectSidecarInDefaultModeIsReportedAtTheGroup",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    services {
      name: "web"
      connect { sidecar_service: true }
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" service "web": Consul Connect sidecar requires bridge network, found "host")",
     4},

    {"ConnectNativeWithTheNomadProvider",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    services {
      name: "web"
      provider: "nomad"
      connect { native: true }
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" service "web": Consul Connect native needs provider "consul")", 8},

    {"ConnectNativeAndASidecar",
     R"txt(cluster { pools { name: "web" cni_plugins: "bridge" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network { mode: "bridge" }
    services {
      name: "web"
      connect { sidecar_service: true native: true }
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" service "web": Consul Connect must be exclusively native or use a sidecar, not both)",
     9},

    {"DuplicateJobName",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "app" tasks { name: "app" } }
}
jobs {
  name: "hello"
  groups { name: "app" tasks { name: "app" } }
})txt",
     R"(job "hello": duplicate job name)", 7},

    {"DuplicateGroupName",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "app" tasks { name: "app" } }
  groups {
    name: "app"
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app": duplicate group name)", 6},

    {"DuplicatePortLabel",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network {
      ports { label: "http" }
      ports { label: "http" static: 8080 }
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" port "http": duplicate port label)", 8},

    {"FailNodeThatDoesNotExist",
     R"txt(cluster { pools { name: "web" count: 2 } }
timeline {
  at: "1m"
  fail_node { node: "web-2" }
})txt",
     R"(timeline[0] fail_node: node "web-2" does not exist at that time)", 4},

    {"DuplicatePoolInListSyntax",
     R"txt(cluster {
  pools: [
    { name: "a" },
    { name: "a" }
  ]
}
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } })txt",
     R"(pool "a": duplicate pool name)", 4},

    {"NodeNameWithALeadingZero",
     R"txt(cluster { pools { name: "web" count: 3 } }
timeline {
  at: "1m"
  drain_node { node: "web-01" }
})txt",
     R"(timeline[0] drain_node: node "web-01" does not exist at that time)", 4},

    {"FailNodeBeforeItsAddNodes",
     R"txt(cluster { pools { name: "web" count: 2 } }
timeline { at: "5m" add_nodes { pool: "web" } }
timeline {
  at: "1m"
  fail_node { node: "web-2" }
})txt",
     R"(timeline[1] fail_node: node "web-2" does not exist at that time)", 5},

    {"SubmitUnknownJob",
     R"txt(cluster { pools { name: "web" } }
timeline {
  submit_job { job: "nope" }
})txt",
     R"(timeline[0] submit_job: job "nope" does not exist)", 3},

    {"ScaleUnknownGroup",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "app" tasks { name: "app" } }
}
timeline {
  at: "1m"
  scale_group { job: "hello" group: "db" count: 3 }
})txt",
     R"(timeline[0] scale_group: job "hello" has no group "db")", 8},

    {"AddNodesToUnknownPool",
     R"txt(cluster { pools { name: "web" } }
timeline {
  at: "1m"
  add_nodes {
    pool: "gpu"
    count: 2
  }
})txt",
     R"(timeline[0] add_nodes: pool "gpu" does not exist)", 4},

    {"BadHorizon",
     R"txt(cluster { pools { name: "web" } }
run {
  seed: 3
  horizon: "ten minutes"
})txt",
     R"(run: horizon "ten minutes" is not a duration (e.g. "30s"))", 4},

    {"JobDatacenterNotInCluster",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  datacenters: "dc1"
  datacenters: "dc2"
  groups { name: "app" tasks { name: "app" } }
})txt",
     R"(job "hello": datacenter "dc2" is not in the cluster)", 5},

    {"UnknownSchedulerAlgorithm",
     R"txt(cluster {
  pools { name: "web" }
  scheduler {
    algorithm: "random"
  }
})txt",
     R"(cluster scheduler: algorithm "random" is not one of binpack, spread, optimal)", 4},

    {"ConsumerOfUnknownService",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "app" tasks { name: "app" } }
}
consumers {
  name: "c"
  job: "hello"
  group: "app"
  task: "app"
  service: "db"
  path: "dns"
})txt",
     R"(consumer "c": no group provides service "db")", 11},

    {"ConsumerUnknownPath",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    services { name: "web" provider: "nomad" }
    tasks { name: "app" }
  }
}
consumers {
  name: "c"
  job: "hello"
  group: "app"
  task: "app"
  service: "web"
  path: "carrier-pigeon"
})txt",
     R"(consumer "c": path "carrier-pigeon" is not one of env, localhost, template, dns, connect)",
     16},

    {"TaskPublishesUnknownPortLabel",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "http" } }
    tasks {
      name: "app"
      ports: "http"
      ports: "admin"
    }
  }
})txt",
     R"(job "hello" group "app" task "app": port "admin" is not a port label of the group)", 10},

    {"UnknownJobConstraintOperator",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  constraints {
    attribute: "${attr.kernel.name}"
    operator: "~="
    value: "linux"
  }
  groups { name: "app" tasks { name: "app" } }
})txt",
     R"(job "hello" constraint "${attr.kernel.name}": unknown operator "~=")", 6},

    {"UnknownGroupConstraintOperator",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    constraints { attribute: "${node.class}" operator: "like" value: "x" }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" constraint "${node.class}": unknown operator "like")", 6},

    {"FailAllocNamesAnUnknownGroup",
     R"txt(cluster { pools { name: "web" } }
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } }
timeline {
  at: "1m"
  fail_alloc { job: "hello" group: "db" }
})txt",
     R"(timeline[0] fail_alloc: job "hello" has no group "db")", 5},

    {"UnknownRestartMode",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    restart {
      attempts: 3
      mode: "retry"
    }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" restart: mode "retry" is not "fail" or "delay")", 8},

    {"MigrateMaxParallelZero",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    migrate { max_parallel: 0 }
    tasks { name: "app" }
  }
})txt",
     R"(job "hello" group "app" migrate: max_parallel 0 must be at least 1)", 6},

    {"NegativeCanary",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  update {
    canary: -1
  }
  groups { name: "app" tasks { name: "app" } }
})txt",
     R"(job "hello" update: canary -1 is negative)", 5},

    {"ServersInAnUnknownDatacenter",
     R"txt(cluster {
  pools { name: "web" }
  servers {
    datacenter: "dc9"
  }
}
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } })txt",
     R"(cluster servers: datacenter "dc9" is not in the cluster)", 4},

    // A consumer's path must be one its task can use.
    {"TemplateConsumerWithoutATemplate",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "app"
    services { name: "redis" provider: "nomad" }
    tasks { name: "app" }
  }
}
consumers {
  name: "c" job: "hello" group: "app" task: "app" service: "redis"
  path: "template"
})txt",
     R"(consumer "c": path "template" needs a template on service "redis" in task "app" (the )"
     R"(consumer learns addresses from that template); add templates { service: "redis" } to )"
     R"(the task, or use another path)",
     12},

    {"DnsConsumerOfANomadNativeService",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "cache"
  groups {
    name: "redis"
    services { name: "redis" provider: "nomad" }
    tasks { name: "redis" }
  }
}
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } }
consumers {
  name: "c" job: "hello" group: "app" task: "app" service: "redis"
  path: "dns"
})txt",
     R"(consumer "c": path "dns" cannot reach service "redis": job "cache" group "redis" )"
     R"(registers it with provider "nomad", and Nomad-native services are not in Consul's DNS )"
     R"((Nomad docs, service block "provider"); use path "template" (nomadService) or )"
     R"(provider "consul")",
     13},

    {"ConnectConsumerWithoutAnUpstream",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups {
    name: "redis"
    network { mode: "bridge" }
    services { name: "redis" connect { sidecar_service: true } }
    tasks { name: "redis" }
  }
  groups { name: "app" tasks { name: "app" } }
}
consumers {
  name: "c" job: "hello" group: "app" task: "app" service: "redis"
  path: "connect"
})txt",
     R"(consumer "c": path "connect" needs a Connect upstream to "redis" in group "app" )"
     R"((NOMAD_UPSTREAM_ADDR_redis and the sidecar's listener exist only for its upstreams); )"
     R"(add services { connect { sidecar_service: true upstreams { destination_name: "redis" )"
     R"(local_bind_port: PORT } } } to the group)",
     14},

    {"UpstreamEnvReferenceWithoutAnUpstream",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "redis" services { name: "redis" } tasks { name: "redis" } }
  groups {
    name: "app"
    tasks {
      name: "app"
      env { key: "REDIS_ADDR" value: "${NOMAD_UPSTREAM_ADDR_redis}" }
    }
  }
})txt",
     R"(job "hello" group "app" task "app" env REDIS_ADDR: path "connect" needs a Connect )"
     R"(upstream to "redis" in group "app")",
     9},

    {"EnvConsumerOfAnotherGroupsService",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "redis" services { name: "redis" } tasks { name: "redis" } }
  groups { name: "app" tasks { name: "app" } }
}
consumers {
  name: "c" job: "hello" group: "app" task: "app" service: "redis"
  path: "env"
})txt",
     R"(consumer "c": path "env" reaches only the consumer's own allocation )"
     R"((NOMAD_ADDR_<label>), and group "app" does not register service "redis"; use path )"
     R"("template" or "dns" for another group's service)",
     9},

    {"ExplicitConsumerTakesADerivedConsumersName",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "hello"
  groups { name: "redis" services { name: "redis" } tasks { name: "redis" } }
  groups { name: "app" tasks { name: "app" templates { service: "redis" } } }
}
consumers {
  name: "hello.app.app->redis/template"
  job: "hello" group: "app" task: "app" service: "redis" path: "dns"
})txt",
     R"(consumer "hello.app.app->redis/template": duplicate consumer name: the consumer its job )"
     R"(implies (template "redis" of task "app") has it)",
     8},

    // fail_node by allocation.
    {"FailNodeWithNodeAndAlloc",
     R"txt(cluster { pools { name: "web" } }
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } }
timeline {
  fail_node { node: "web-0" alloc: "hello.app[0]" }
})txt",
     R"(timeline[0] fail_node: needs exactly one of node ("<pool>-<i>") and alloc )"
     R"(("<job>.<group>[<index>]"))",
     4},

    {"FailNodeOfAnUnknownGroup",
     R"txt(cluster { pools { name: "web" } }
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } }
timeline {
  fail_node {
    alloc: "hello.web[0]"
  }
})txt",
     R"(timeline[0] fail_node: alloc "hello.web[0]": no job and group are named "hello.web" )"
     R"(("<job>.<group>"))",
     5},

    {"FailNodeOfAMalformedAllocName",
     R"txt(cluster { pools { name: "web" } }
jobs { name: "hello" groups { name: "app" tasks { name: "app" } } }
timeline { fail_node { alloc: "hello.app" } })txt",
     R"(timeline[0] fail_node: alloc "hello.app" is not an allocation name )"
     R"("<job>.<group>[<index>]")",
     3},

    {"FailNodeOfAnIndexBeyondTheCount",
     R"txt(cluster { pools { name: "web" } }
jobs { name: "hello" groups { name: "app" count: 2 tasks { name: "app" } } }
timeline { at: "1m" scale_group { job: "hello" group: "app" count: 3 } }
timeline { at: "30s" fail_node { alloc: "hello.app[2]" } })txt",
     R"(timeline[1] fail_node: alloc "hello.app[2]": index 2 is not below the group's count 2 )"
     R"((indexes run 0..1))",
     4},

    {"FailNodeOfASystemJobsSecondAlloc",
     R"txt(cluster { pools { name: "web" count: 3 } }
jobs { name: "agent" type: "system" groups { name: "a" tasks { name: "a" } } }
timeline { fail_node { alloc: "agent.a[1]" } })txt",
     R"(timeline[0] fail_node: alloc "agent.a[1]": a system job's allocations are all named [0] )"
     R"((one per node); use "agent.a[0]")",
     3},
    request_rate_case("Zero", "0", "0"),
    request_rate_case("Huge", "1e19", "1e+19"),
    request_rate_case("Infinite", "inf", "inf"),
    request_rate_case("NotANumber", "nan", "nan"),
    request_rate_case("Tiny", "1e-300", "1e-300"),

    {"HeartbeatRateNotANumber",
     R"txt(cluster { pools { name: "web" } }
propagation {
  max_heartbeats_per_second: nan
})txt",
     R"(propagation: max_heartbeats_per_second nan is not in [1e-06, 1e+06])", 3},

    {"HeartbeatRateTiny",
     R"txt(cluster { pools { name: "web" } }
propagation { max_heartbeats_per_second: 1e-300 })txt",
     R"(max_heartbeats_per_second 1e-300 is not in [1e-06, 1e+06])", 2},

    {"NoNomadServers",
     R"txt(cluster {
  pools { name: "web" }
  servers { nomad_servers: 0 }
})txt",
     R"(cluster servers: nomad_servers must be at least 1)", 3},

    {"NegativeConsulServers",
     R"txt(cluster {
  pools { name: "web" }
  servers { consul_servers: -1 }
})txt",
     R"(cluster servers: consul_servers must not be negative)", 3},

    {"NegativeSuspicionMultiplier",
     R"txt(cluster { pools { name: "web" } }
propagation { gossip_suspicion_mult: -5 })txt",
     R"(propagation: gossip_suspicion_mult -5 is not in 1..100)", 2},

    {"CheckIntervalNotADuration",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "cache"
  groups {
    name: "redis"
    network { ports { label: "db" } }
    services {
      name: "redis"
      port: "db"
      checks { type: "tcp" interval: "bogus" }
    }
    tasks { name: "redis" ports: "db" }
  }
})txt",
     R"(service "redis": check interval "bogus" is not a duration)", 10},

    {"HorizonLongerThanTenThousandHours",
     R"txt(cluster { pools { name: "web" } }
run {
  horizon: "2555555h"
  sample_interval: "1388888h"
})txt",
     R"(run: horizon "2555555h" is longer than 10000h)", 3},

    {"TimelineEventPastTenThousandHours",
     R"txt(cluster { pools { name: "web" } }
timeline {
  at: "20000h"
  add_nodes { pool: "web" }
})txt",
     R"(timeline[0]: at "20000h" is longer than 10000h)", 3},

    {"PoolCountPastTheLimitWithAddNodes",
     R"txt(cluster { pools { name: "web" count: 1000000 } }
timeline {
  at: "1m"
  add_nodes { pool: "web" count: 2147483647 }
})txt",
     R"(timeline[0] add_nodes: count 2147483647 would take pool "web" outside 0..1000000 nodes)",
     4},

    {"TaskCpuTooLargeToSum",
     R"txt(cluster { pools { name: "web" } }
jobs {
  name: "j"
  groups {
    name: "g"
    tasks { name: "a" cpu_mhz: 9223372036854775807 }
    tasks { name: "b" cpu_mhz: 9223372036854775807 }
  }
})txt",
     R"(job "j" group "g" task "a": cpu_mhz and memory_mb must be at most 1e12)", 6},

    {"NodeMemoryTooLarge",
     R"txt(cluster {
  pools { name: "web" resources { memory_mb: 9200000000000000000 } }
})txt",
     R"(pool "web": resources 9200000000000000000 is not in 0..1e12 (MHz or MB))", 2},

    {"GroupCountTooLargeForMemory",
     R"txt(cluster { pools { name: "web" } }
jobs { name: "j" groups { name: "g"
  count: 1000000000
  tasks { name: "t" } } })txt",
     R"(job "j" group "g": count 1000000000 is not in 0..10000000)", 3},
};

INSTANTIATE_TEST_SUITE_P(Validator, BadScenarioTest, testing::ValuesIn(kBadScenarios),
                         [](const testing::TestParamInfo<BadScenario>& info) {
                           return info.param.name;
                         });

TEST(Validator, EveryConsumerPathTheTaskCanUseIsAccepted) {
  // A template with its template, DNS to a Consul service, connect with an upstream, env of
  // the own group's service, a derived connect consumer from NOMAD_UPSTREAM_ADDR, fail_node of
  // an allocation the group reaches by a scale-up, and of a system job's [0].
  const LoadedScenario loaded = parse_text(R"txt(cluster { pools { name: "web" count: 2 } }
jobs {
  name: "hello"
  groups {
    name: "redis"
    network { mode: "bridge" ports { label: "db" } }
    services { name: "redis" port: "db" connect { sidecar_service: true } }
    services { name: "redis-nomad" port: "db" provider: "nomad" }
    tasks { name: "redis" env { key: "SELF" value: "${NOMAD_ADDR_db}" } }
  }
  groups {
    name: "app"
    network { mode: "bridge" }
    services {
      name: "app"
      connect { sidecar_service: true upstreams { destination_name: "redis" local_bind_port: 1 } }
    }
    tasks {
      name: "app"
      templates { service: "redis-nomad" }
      env { key: "R" value: "${NOMAD_UPSTREAM_ADDR_redis}" }
    }
  }
}
jobs { name: "agent" type: "system" groups { name: "a" tasks { name: "a" } } }
consumers { name: "t" job: "hello" group: "app" task: "app" service: "redis-nomad" path: "template" }
consumers { name: "d" job: "hello" group: "app" task: "app" service: "redis" path: "dns" }
consumers { name: "c" job: "hello" group: "app" task: "app" service: "redis" path: "connect" }
consumers { name: "e" job: "hello" group: "redis" task: "redis" service: "redis" path: "env" }
timeline { at: "1m" scale_group { job: "hello" group: "app" count: 3 } }
timeline { at: "2m" fail_node { alloc: "hello.app[2]" } }
timeline { at: "2m" fail_node { alloc: "agent.a[0]" } }
)txt",
                                           "good.textproto");
  const auto problems = validate(loaded);
  EXPECT_TRUE(problems.empty()) << all_problems(problems);
}

TEST(Validator, BundledScenariosHaveNoConsumerProblems) {
  for (const char* file :
       {"seed/3_consul_discovery", "seed/3_nomad_discovery", "seed/3_separate_groups",
        "seed/4_connect", "examples/hello", "examples/node_failure"}) {
    const auto problems =
        validate(load_file(std::string(PORTOLAN_SOURCE_DIR "/scenarios/") + file + ".textproto"));
    EXPECT_TRUE(problems.empty()) << file << all_problems(problems);
  }
}

TEST(Validator, NodeAddedByAnEarlierAddNodesMayFail) {
  // web has web-0 and web-1; add_nodes at 1m brings web-2 and web-3. The events are written
  // out of time order: the validator follows time, not the file.
  const std::string text = R"txt(
    cluster { pools { name: "web" count: 2 } }
    timeline {
      at: "3m"
      fail_node { node: "web-3" }
    }
    timeline {
      at: "1m"
      add_nodes { pool: "web" count: 2 }
    }
    timeline {
      at: "2m"
      drain_node { node: "web-2" }
    }
    timeline {
      at: "4m"
      recover_node { node: "web-3" }
    }
  )txt";
  const auto problems = validate(parse_text(text, "bad.textproto"));
  EXPECT_TRUE(problems.empty()) << all_problems(problems);
}

// Four mistakes in one file: every one is listed, in the validator's order (cluster, jobs,
// timeline, run).
const char kSeveralProblems[] = R"txt(cluster {
  pools { name: "web" count: -1 }
}
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "http" static: 70000 } }
    tasks { name: "app" }
  }
}
timeline { submit_job { job: "nope" } }
run { horizon: "forever" })txt";

const std::vector<std::string> kSeveralProblemsText = {
    R"(bad.textproto:2: pool "web": count -1 is not in 0..1000000)",
    R"(bad.textproto:8: job "hello" group "app" port "http": static 70000 is not a port)",
    R"(bad.textproto:12: timeline[0] submit_job: job "nope" does not exist)",
    R"(bad.textproto:13: run: horizon "forever" is not a duration (e.g. "30s"))",
};

TEST(Validator, ListsEveryProblemOfAFile) {
  const auto problems = validate(parse_text(kSeveralProblems, "bad.textproto"));
  ASSERT_EQ(problems.size(), 4u) << all_problems(problems);
  for (std::size_t i = 0; i < problems.size(); ++i) {
    EXPECT_EQ(problems[i].to_string(), kSeveralProblemsText[i]);
  }
}

TEST(Validator, ValidateOrThrowCarriesEveryLine) {
  const LoadedScenario loaded = parse_text(kSeveralProblems, "bad.textproto");
  try {
    validate_or_throw(loaded);
    FAIL() << "validate_or_throw did not throw";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.problems(), kSeveralProblemsText);
    EXPECT_EQ(std::string(e.what()), kSeveralProblemsText[0]);
  }
}

TEST(Validator, AProblemWithoutALineOmitsIt) {
  const Problem p{"bad.textproto", 0, "run", "horizon must be positive"};
  EXPECT_EQ(p.to_string(), "bad.textproto: run: horizon must be positive");
  const Problem q{"bad.textproto", 12, "run", "horizon must be positive"};
  EXPECT_EQ(q.to_string(), "bad.textproto:12: run: horizon must be positive");
}

TEST(Validator, ParsesNomadPortLists) {
  std::vector<int> ports;
  ASSERT_TRUE(parse_port_list("22, 80,8000-8002", &ports));
  EXPECT_EQ(ports, (std::vector<int>{22, 80, 8000, 8001, 8002}));
  ASSERT_TRUE(parse_port_list("", &ports));
  EXPECT_TRUE(ports.empty());
  for (const char* bad : {"0", "65536", "80-70", "22;80", "http", "1-"}) {
    EXPECT_FALSE(parse_port_list(bad, &ports)) << bad;
  }
}

// Problems in values a --set gave name the --set; others keep the file's line (issue 14).
std::vector<std::string> problems_after(
    const std::string& text, const std::vector<std::pair<std::string, std::string>>& sets) {
  LoadedScenario loaded = parse_text(text, "s.textproto");
  for (const auto& [path, value] : sets) apply_set(&loaded, path, value);
  std::vector<std::string> out;
  for (const auto& p : validate(loaded)) out.push_back(p.to_string());
  return out;
}

TEST(ValidatorSetAttribution, TheSetThatGaveTheValueIsNamed) {
  const std::string text =
      "cluster { pools { name: \"web\" } }\n"
      "jobs { name: \"j\" groups { name: \"g\" tasks { name: \"t\" } } }\n";
  EXPECT_EQ(problems_after(text, {{"cluster.pools[0].resources.cpu_mhz", "-1"}}),
            std::vector<std::string>{"--set cluster.pools[0].resources.cpu_mhz=-1: pool \"web\": "
                                     "resources -1 is not in 0..1e12 (MHz or MB)"});
  EXPECT_EQ(problems_after(text, {{"jobs[0].groups[0].tasks[0].memory_mb", "-5"}}),
            std::vector<std::string>{"--set jobs[0].groups[0].tasks[0].memory_mb=-5: job \"j\" "
                                     "group \"g\" task \"t\": cpu_mhz and memory_mb must not be "
                                     "negative"});
  // The memory estimate names the last --set of a value it counts.
  const auto memory =
      problems_after(text, {{"run.seed", "4"}, {"jobs[0].groups[0].count", "9000000"}});
  ASSERT_EQ(memory.size(), 1u);
  EXPECT_EQ(memory[0].rfind("--set jobs[0].groups[0].count=9000000: run: the run would need "
                            "about 12.9 GiB (9000000 allocations",
                            0),
            0u)
      << memory[0];
}

TEST(ValidatorSetAttribution, AnUnrelatedSetIsNotBlamed) {
  // The job has no group: the problem is the file's, whatever --set touched the job's priority.
  EXPECT_EQ(problems_after("cluster { pools { name: \"web\" } }\njobs { name: \"j\" }\n",
                           {{"jobs[0].priority", "60"}}),
            std::vector<std::string>{"s.textproto:2: job \"j\": has no group"});
  // A count too large for memory and a --set of the seed: the run block's line, not the --set.
  const auto big = problems_after(
      "cluster { pools { name: \"web\" } }\n"
      "jobs { name: \"j\" groups { name: \"g\" count: 9000000 tasks { name: \"t\" } } }\n"
      "run { horizon: \"1m\" }\n",
      {{"run.seed", "4"}});
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].rfind("s.textproto:3: run: the run would need about 12.9 GiB", 0), 0u) << big[0];
}

}  // namespace
}  // namespace portolan::scenario
