// The source article's scenarios (scenarios/seed/), loaded from their files as the CLI loads
// them, with the outcomes the article describes.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

RunResult run_seed(const std::string& name) {
  const auto loaded =
      scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + "/scenarios/seed/" + name);
  EXPECT_TRUE(scenario::validate(loaded).empty()) << name;
  return run_model(build_model(loaded.scenario), {});
}

// The host port of `label` among a placement's ports; -1 when it has none.
int port_of(const PlacementRecord& p, const std::string& label) {
  for (std::size_t i = 0; i < p.ports.size(); ++i) {
    if (p.ports[i].label == label) return p.ports[i].value;
  }
  ADD_FAILURE() << "no port " << label << " in " << p.ports;
  return -1;
}

TEST(SeedScenario1, DynamicPortToRedisGetsAHostPortInTheDynamicRange) {
  const RunResult r = run_seed("1_expose_dynamic.textproto");
  ASSERT_EQ(r.placements.size(), 1u);
  EXPECT_TRUE(r.placements[0].placed);
  const int port = port_of(r.placements[0], "redis");
  EXPECT_GE(port, 20000);
  EXPECT_LE(port, 32000);
}

TEST(SeedScenario1, StaticPortIsExactAndTwoStaticAsksOnOneNodeCollide) {
  const RunResult r = run_seed("1_expose_static.textproto");
  ASSERT_EQ(r.placements.size(), 2u);
  EXPECT_TRUE(r.placements[0].placed);
  EXPECT_EQ(r.placements[0].ports, "redis=10.0.0.1:6379->6379");
  EXPECT_FALSE(r.placements[1].placed);
  EXPECT_EQ(r.placements[1].reason, "network: reserved port collision redis=6379");
  EXPECT_EQ(r.timeseries.back().queued, 1);
  EXPECT_EQ(r.timeseries.back().running, 1);
}

TEST(SeedScenario2, OneGroupPlacesBothTasksTogetherAndScalesThemTogether) {
  const RunResult r = run_seed("2_same_group.textproto");
  ASSERT_EQ(r.placements.size(), 4u);
  std::set<std::string> nodes;
  for (int i = 0; i < 3; ++i) {
    const auto& p = r.placements[static_cast<std::size_t>(i)];
    ASSERT_TRUE(p.placed);
    EXPECT_EQ(
        p.ports,
        "app=10.0.0.1:8080->8080;redis=10.0.0.1:6379->6379");  // app and redis in one allocation
    nodes.insert(p.node);
  }
  EXPECT_EQ(nodes.size(), 3u);  // each copy needs another node
  EXPECT_EQ(r.placements[1].time, 60 * sim::kSecond);
  EXPECT_FALSE(r.placements[3].placed);
  EXPECT_EQ(r.placements[3].time, 120 * sim::kSecond);
  EXPECT_EQ(r.placements[3].reason, "network: reserved port collision app=8080");
}

TEST(SeedScenario3, SeparateGroupsScaleIndependentlyOnDynamicPorts) {
  const RunResult r = run_seed("3_separate_groups.textproto");
  std::map<std::string, int> by_group;
  for (const auto& p : r.placements) {
    ASSERT_TRUE(p.placed);
    ++by_group[p.group];
    const int port = port_of(p, p.group);
    EXPECT_GE(port, 20000);
    EXPECT_LE(port, 32000);
  }
  EXPECT_EQ(by_group["app"], 1);
  EXPECT_EQ(by_group["redis"], 3);
}

TEST(SeedScenario4, ConnectNeedsBridgeNodesAndSidecarsTakeDynamicPorts) {
  const RunResult r = run_seed("4_connect.textproto");
  ASSERT_EQ(r.placements.size(), 2u);
  for (const auto& p : r.placements) {
    ASSERT_TRUE(p.placed);
    EXPECT_EQ(p.node.str().rfind("cni-", 0), 0u)
        << p.node;  // nodes without CNI plugins: infeasible
    const int sidecar = port_of(p, "connect-proxy-" + p.group.str());
    EXPECT_GE(sidecar, 20000);
    EXPECT_LE(sidecar, 32000);
  }
}

TEST(SeedScenario4, WithoutCniPluginsBridgeGroupsFailWithMissingNetwork) {
  auto loaded =
      scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + "/scenarios/seed/4_connect.textproto");
  loaded.scenario.mutable_cluster()->mutable_pools(0)->set_count(0);
  const RunResult r = run_model(build_model(loaded.scenario), {});
  ASSERT_EQ(r.placements.size(), 2u);
  for (const auto& p : r.placements) {
    EXPECT_FALSE(p.placed);
    EXPECT_EQ(p.reason, "missing network");
  }
}

TEST(SeedScenario5, IngressOnEveryNodeAndPort80CollidesEverywhere) {
  const RunResult r = run_seed("5_ingress.textproto");
  std::set<std::string> ingress_nodes;
  std::vector<PlacementRecord> web;
  for (const auto& p : r.placements) {
    if (p.job == "traefik") {
      ASSERT_TRUE(p.placed);
      EXPECT_EQ(p.ports, "http=10.0.0.1:80->80;https=10.0.0.1:443->443");
      ingress_nodes.insert(p.node);
    } else {
      web.push_back(p);
    }
  }
  EXPECT_EQ(ingress_nodes, (std::set<std::string>{"client-0", "client-1", "client-2", "client-3"}));
  ASSERT_EQ(web.size(), 2u);
  EXPECT_EQ(web[0].time, 30 * sim::kSecond);
  EXPECT_EQ(web[1].time, 60 * sim::kSecond);  // retried when the node joined
  for (const auto& w : web) {
    EXPECT_FALSE(w.placed);
    EXPECT_EQ(w.reason, "network: reserved port collision http=80");
  }
}

}  // namespace
}  // namespace portolan::models
