// The consumers a job implies: which task, service and path each template, upstream and env
// reference makes, their names and rates, their order, and explicit entries replacing them.
#include "scenarios/job_consumers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portolan::scenario {
namespace {

// "name job group task service path rate derived" per consumer, in run order.
std::vector<std::string> describe(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& rc : run_consumers(parse_text(text, "t.textproto").scenario)) {
    const Consumer& c = rc.consumer;
    out.push_back(c.name() + " " + c.job() + " " + c.group() + " " + c.task() + " " + c.service() +
                  " " + c.path() + " " + std::to_string(c.request_rate_per_s()) +
                  (rc.derived ? " derived" : " explicit"));
  }
  return out;
}

TEST(EnvReferences, FindsEachNomadAddrReferenceOnce) {
  EXPECT_EQ(env_references("${NOMAD_ADDR_db}", false), std::vector<std::string>{"db"});
  EXPECT_EQ(
      env_references("redis://${NOMAD_ADDR_db}/0 ${NOMAD_ADDR_cache} ${NOMAD_ADDR_db}", false),
      (std::vector<std::string>{"db", "cache"}));
  // NOMAD_UPSTREAM_ADDR_ is not NOMAD_ADDR_, and the other way round.
  EXPECT_TRUE(env_references("${NOMAD_UPSTREAM_ADDR_redis}", false).empty());
  EXPECT_EQ(env_references("${NOMAD_UPSTREAM_ADDR_redis}", true),
            std::vector<std::string>{"redis"});
  EXPECT_TRUE(env_references("${NOMAD_ADDR_db}", true).empty());
  EXPECT_TRUE(env_references("$NOMAD_ADDR_db ${NOMAD_ADDR_} ${NOMAD_ADDR_x", false).empty());
}

TEST(EnvReferences, CleansNamesAsNomadDoes) {
  // helper.CleanEnvVar(name, '_'): anything but [A-Za-z0-9_] becomes '_'.
  EXPECT_EQ(clean_env_name("redis-cache.v2"), "redis_cache_v2");
  EXPECT_EQ(clean_env_name("Redis_1"), "Redis_1");
}

constexpr char kHello[] = R"txt(
jobs {
  name: "cache"
  groups {
    name: "redis"
    network { ports { label: "db" } }
    services { name: "redis" port: "db" provider: "nomad" }
    tasks { name: "redis" }
  }
}
jobs {
  name: "hello"
  groups {
    name: "app"
    tasks { name: "app" templates { service: "redis" } templates { service: "redis" } }
  }
}
)txt";

TEST(RunConsumers, ATemplateMakesOneTemplateConsumerAtOnePerSecond) {
  EXPECT_EQ(describe(kHello),
            std::vector<std::string>{"hello.app.app->redis/template hello app app redis template "
                                     "1.000000 derived"});
}

TEST(RunConsumers, AnExplicitEntryOfTheSameKeyReplacesTheDerivedOne) {
  const std::string text = std::string(kHello) + R"txt(
consumers { name: "mine" job: "hello" group: "app" task: "app" service: "redis" path: "template"
            request_rate_per_s: 10 }
)txt";
  EXPECT_EQ(describe(text),
            std::vector<std::string>{"mine hello app app redis template 10.000000 explicit"});
}

TEST(RunConsumers, AnExplicitEntryOfAnotherPathKeepsTheDerivedOneAfterIt) {
  const std::string text = std::string(kHello) + R"txt(
consumers { name: "by-dns" job: "hello" group: "app" task: "app" service: "redis" path: "dns" }
)txt";
  EXPECT_EQ(describe(text),
            (std::vector<std::string>{
                "by-dns hello app app redis dns 1.000000 explicit",
                "hello.app.app->redis/template hello app app redis template 1.000000 derived"}));
}

constexpr char kConnect[] = R"txt(
jobs {
  name: "shop"
  groups {
    name: "redis"
    network { mode: "bridge" ports { label: "db" } }
    services { name: "redis-cache" port: "db" connect { sidecar_service: true } }
    tasks { name: "redis" }
  }
  groups {
    name: "app"
    network { mode: "bridge" ports { label: "http" } }
    services {
      name: "app" port: "http"
      connect { sidecar_service: true upstreams { destination_name: "redis-cache" local_bind_port: 6379 } }
    }
    tasks { name: "web" env { key: "REDIS" value: "${NOMAD_UPSTREAM_ADDR_redis_cache}" } }
    tasks { name: "logs" }
  }
  groups {
    name: "worker"
    network { mode: "bridge" }
    services {
      name: "worker"
      connect { sidecar_service: true upstreams { destination_name: "redis-cache" local_bind_port: 6379 } }
    }
    tasks { name: "a" }
    tasks { name: "b" }
  }
}
)txt";

TEST(RunConsumers, AnUpstreamMakesTheTasksThatReferToItOrElseEveryTaskConnectConsumers) {
  // Group "app": only "web" reads NOMAD_UPSTREAM_ADDR_redis_cache (the cleaned name of
  // "redis-cache"); group "worker": no task refers to it, so both consume it.
  EXPECT_EQ(describe(kConnect),
            (std::vector<std::string>{
                "shop.app.web->redis-cache/connect shop app web redis-cache connect 1.000000 "
                "derived",
                "shop.worker.a->redis-cache/connect shop worker a redis-cache connect 1.000000 "
                "derived",
                "shop.worker.b->redis-cache/connect shop worker b redis-cache connect 1.000000 "
                "derived"}));
}

TEST(RunConsumers, AnUpstreamWithoutASidecarMakesNoConsumerButTheEnvReferenceStays) {
  std::string text = kConnect;
  const std::string sidecar = "connect { sidecar_service: true upstreams";
  text.replace(text.find(sidecar), sidecar.size(), "connect { upstreams");
  // "web" still reads the env: a connect consumer of what it names, which the validator rejects
  // (no upstream to it); "logs" consumes nothing.
  const auto consumers = describe(text);
  ASSERT_EQ(consumers.size(), 3u);
  EXPECT_EQ(consumers[0],
            "shop.app.web->redis_cache/connect shop app web redis_cache connect 1.000000 derived");
  EXPECT_EQ(consumers[1].rfind("shop.worker.a->redis-cache/connect ", 0), 0u);
}

TEST(RunConsumers, NomadAddrOfAPortMakesEnvConsumersOfTheGroupsServicesOnIt) {
  const std::string text = R"txt(
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "redis-db" static: 6379 } ports { label: "http" } }
    services { name: "redis" port: "redis-db" }
    services { name: "redis-replica" port: "redis-db" }
    services { name: "app" port: "http" }
    tasks { name: "redis" ports: "redis-db" }
    tasks {
      name: "app"
      env { key: "Z_PLAIN" value: "no reference" }
      env { key: "B_REDIS" value: "${NOMAD_ADDR_redis_db}" }
      env { key: "A_SELF" value: "${NOMAD_ADDR_http}" }
      env { key: "C_NONE" value: "${NOMAD_ADDR_nothing}" }
    }
  }
}
)txt";
  // Env keys in sorted order: A_SELF (app), then B_REDIS (redis, redis-replica).
  EXPECT_EQ(describe(text),
            (std::vector<std::string>{
                "hello.app.app->app/env hello app app app env 1.000000 derived",
                "hello.app.app->redis/env hello app app redis env 1.000000 derived",
                "hello.app.app->redis-replica/env hello app app redis-replica env 1.000000 "
                "derived"}));
}

}  // namespace
}  // namespace portolan::scenario
