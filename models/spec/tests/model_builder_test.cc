// The builder's consumer list: explicit entries, then the consumers the jobs imply, each with
// exactly the fields the engine reads.
#include "models/spec/model_builder.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

Model build(const std::string& text) {
  const auto loaded = scenario::parse_text(text, "t.textproto");
  scenario::validate_or_throw(loaded);
  return build_model(loaded.scenario);
}

void expect_consumer(const ConsumerSpec& c, const std::string& name, int job, int group,
                     const std::string& task, const std::string& driver, const std::string& service,
                     ConsumerPath path, double rate, sim::Time wait_min, sim::Time wait_max,
                     const std::string& change_mode) {
  EXPECT_EQ(c.name, name);
  EXPECT_EQ(c.job, job) << name;
  EXPECT_EQ(c.group, group) << name;
  EXPECT_EQ(c.task, task) << name;
  EXPECT_EQ(c.driver, driver) << name;
  EXPECT_EQ(c.service, service) << name;
  EXPECT_EQ(c.path, path) << name;
  EXPECT_EQ(c.request_rate, rate) << name;
  EXPECT_EQ(c.wait_min, wait_min) << name;
  EXPECT_EQ(c.wait_max, wait_max) << name;
  EXPECT_EQ(c.change_mode, change_mode) << name;
}

constexpr sim::Time kS = sim::kSecond;

TEST(ModelBuilder, TheHelloExampleHasItsTemplateConsumer) {
  const auto loaded =
      scenario::load_file(PORTOLAN_SOURCE_DIR "/scenarios/examples/hello.textproto");
  const Model m = build_model(loaded.scenario);
  ASSERT_EQ(m.consumers.size(), 1u);
  // client/config DefaultTemplateConfig: wait 5s..4m, change_mode restart.
  expect_consumer(m.consumers[0], "hello.app.app->redis/template", 1, 0, "app", "docker", "redis",
                  ConsumerPath::kTemplate, 1.0, 5 * kS, 240 * kS, "restart");
}

constexpr char kJobs[] = R"txt(
cluster { pools { name: "web" count: 2 cni_plugins: "bridge" consul_agent: true } }
jobs {
  name: "cache"
  groups {
    name: "redis"
    network { mode: "bridge" ports { label: "db" } }
    services { name: "redis" port: "db" connect { sidecar_service: true } }
    tasks { name: "redis" env { key: "ME" value: "redis://${NOMAD_ADDR_db}" } }
  }
}
jobs {
  name: "web"
  groups {
    name: "front"
    network { mode: "bridge" }
    services {
      name: "front"
      connect { sidecar_service: true upstreams { destination_name: "redis" local_bind_port: 6379 } }
    }
    tasks {
      name: "nginx"
      driver: "exec"
      templates { service: "redis" wait_min: "2s" wait_max: "30s" change_mode: "signal" }
    }
  }
}
)txt";

TEST(ModelBuilder, TemplatesUpstreamsAndEnvReferencesMakeConsumers) {
  const Model m = build(kJobs);
  ASSERT_EQ(m.consumers.size(), 3u);
  // Job by job: cache's env reference, then web's template (its wait and change_mode carry
  // over), then web's upstream. Every derived consumer requests 1/s.
  expect_consumer(m.consumers[0], "cache.redis.redis->redis/env", 0, 0, "redis", "docker", "redis",
                  ConsumerPath::kEnv, 1.0, 5 * kS, 240 * kS, "restart");
  expect_consumer(m.consumers[1], "web.front.nginx->redis/template", 1, 0, "nginx", "exec", "redis",
                  ConsumerPath::kTemplate, 1.0, 2 * kS, 30 * kS, "signal");
  expect_consumer(m.consumers[2], "web.front.nginx->redis/connect", 1, 0, "nginx", "exec", "redis",
                  ConsumerPath::kConnect, 1.0, 2 * kS, 30 * kS, "signal");
}

TEST(ModelBuilder, AnExplicitConsumerReplacesTheDerivedOneAndComesFirst) {
  const std::string text = std::string(kJobs) + R"txt(
consumers {
  name: "nginx-redis" job: "web" group: "front" task: "nginx" service: "redis" path: "connect"
  request_rate_per_s: 40
}
)txt";
  const Model m = build(text);
  ASSERT_EQ(m.consumers.size(), 3u);
  expect_consumer(m.consumers[0], "nginx-redis", 1, 0, "nginx", "exec", "redis",
                  ConsumerPath::kConnect, 40.0, 2 * kS, 30 * kS, "signal");
  EXPECT_EQ(m.consumers[1].name, "cache.redis.redis->redis/env");
  EXPECT_EQ(m.consumers[2].name, "web.front.nginx->redis/template");
}

TEST(ModelBuilder, FailNodeByAllocationKeepsTheAllocationName) {
  const Model m = build(std::string(kJobs) + R"txt(
timeline { at: "2m" fail_node { alloc: "web.front[0]" } }
timeline { at: "1m" fail_node { node: "web-1" } }
)txt");
  ASSERT_EQ(m.timeline.size(), 2u);
  EXPECT_EQ(m.timeline[0].node, "web-1");
  EXPECT_EQ(m.timeline[1].kind, TimelineEvent::Kind::kFailNode);
  EXPECT_EQ(m.timeline[1].at, 120 * kS);
  EXPECT_EQ(m.timeline[1].node, "");
  EXPECT_EQ(m.timeline[1].job, 1);
  EXPECT_EQ(m.timeline[1].group, 0);
  EXPECT_EQ(m.timeline[1].index, 0);
}

}  // namespace
}  // namespace portolan::models
