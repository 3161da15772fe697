// Port pools, pinned against Nomad's NetworkIndex (nomad/structs/network.go: AssignPorts,
// getDynamicPortsStochastic, getDynamicPortsPrecise, SetNode, AddReservedPorts) and the
// scheduler's dimension string (scheduler/feasible/rank.go, nomad/job_endpoint_test.go).
#include "models/cluster/network_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <vector>

#include "models/cluster/port_set.h"
#include "sim/rng.h"

namespace portolan::models {
namespace {

constexpr char kNodeIp[] = "10.0.0.1";
constexpr char kPublicIp[] = "192.168.0.1";

NetworkConfig node_config() {
  NetworkConfig c;
  c.address = kNodeIp;
  return c;
}

PortAsk static_port(std::string label, int port, std::string network = "default") {
  return PortAsk{
      .label = std::move(label), .static_port = port, .to = 0, .host_network = std::move(network)};
}

PortAsk dynamic_port(std::string label, int to = 0) {
  return PortAsk{.label = std::move(label), .static_port = 0, .to = to};
}

// Assigns and commits one group's asks as allocation `id`; the port values.
std::vector<int> place(NetworkIndex& index, int id, const std::vector<PortAsk>& asks,
                       sim::Rng& rng) {
  PortAssignment a = index.assign(asks, rng);
  EXPECT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(index.commit(id, a.ports()), "");
  std::vector<int> values;
  for (const auto& p : a.ports()) values.push_back(p.value);
  return values;
}

// ---- Defaults (nomad/structs/network.go) ----

TEST(NetworkIndex, NomadDefaults) {
  EXPECT_EQ(kDefaultMinDynamicPort, 20000);
  EXPECT_EQ(kDefaultMaxDynamicPort, 32000);
  EXPECT_EQ(kMaxRandPortAttempts, 20);
  const NetworkIndex index(node_config());
  EXPECT_EQ(index.dynamic_range_size(), 12001);  // [20000, 32000], both ends included
  EXPECT_EQ(index.free_dynamic_count(), 12001);
  EXPECT_EQ(index.default_address(), kNodeIp);
  EXPECT_TRUE(index.has_host_network("default"));
  EXPECT_EQ(PortAsk{}.host_network, "default");  // NetworkResource.Canonicalize
}

// ---- Static ports ----

TEST(NetworkIndex, StaticAskGetsExactlyItsPortAndChangesNothingUntilCommit) {
  NetworkIndex index(node_config());
  sim::Rng rng(1);
  const std::vector<PortAsk> asks{
      PortAsk{.label = "redis", .static_port = 6379, .to = 6380, .host_network = "default"}};
  PortAssignment a = index.assign(asks, rng);
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_EQ(a.ports().size(), 1u);
  EXPECT_EQ(a.ports()[0].label, "redis");
  EXPECT_EQ(a.ports()[0].address, kNodeIp);
  EXPECT_EQ(a.ports()[0].value, 6379);
  EXPECT_EQ(a.ports()[0].to, 6380);
  EXPECT_FALSE(index.is_used(kNodeIp, 6379));
  EXPECT_EQ(index.used_count(kNodeIp), 0);

  EXPECT_EQ(index.commit(7, a.ports()), "");
  EXPECT_TRUE(index.is_used(kNodeIp, 6379));
  EXPECT_EQ(index.used_count(kNodeIp), 1);
  EXPECT_EQ(index.free_dynamic_count(kNodeIp), 12001);  // 6379 is outside the dynamic range
}

TEST(NetworkIndex, SecondStaticAskOfOnePortOnOneNodeCollides) {
  NetworkIndex index(node_config());
  sim::Rng rng(1);
  const std::vector<PortAsk> asks{static_port("redis", 6379)};
  place(index, 1, asks, rng);
  const PortAssignment second = index.assign(asks, rng);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error(), "reserved port collision redis=6379");
  EXPECT_EQ(network_exhausted_dimension(second.error()),
            "network: reserved port collision redis=6379");
}

TEST(NetworkIndex, DimensionStringMatchesNomadsJobEndpointTest) {
  // An ingress holds static 80; another group asks for http=80 on the same node.
  NetworkIndex index(node_config());
  sim::Rng rng(1);
  place(index, 1, {static_port("http", 80)}, rng);
  const PortAssignment a = index.assign(std::vector<PortAsk>{static_port("http", 80)}, rng);
  EXPECT_EQ(network_exhausted_dimension(a.error()), "network: reserved port collision http=80");
}

TEST(NetworkIndex, StaticAskOnANodeReservedPortCollides) {
  NetworkConfig c = node_config();
  c.reserved_ports = {22, 80};
  const NetworkIndex index(c);
  sim::Rng rng(1);
  EXPECT_TRUE(index.is_used(kNodeIp, 22));
  EXPECT_EQ(index.used_count(kNodeIp), 2);
  const PortAssignment a = index.assign(std::vector<PortAsk>{static_port("http", 80)}, rng);
  EXPECT_EQ(a.error(), "reserved port collision http=80");
}

TEST(NetworkIndex, SamePortAskedTwiceByOneGroupCollides) {
  const NetworkIndex index(node_config());
  sim::Rng rng(1);
  const PortAssignment a =
      index.assign(std::vector<PortAsk>{static_port("web", 8080), static_port("admin", 8080)}, rng);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error(), "reserved port collision admin=8080");
}

TEST(NetworkIndex, StaticPortsComeFirstInTheOffer) {
  const NetworkIndex index(node_config());
  sim::Rng rng(1);
  const PortAssignment a =
      index.assign(std::vector<PortAsk>{dynamic_port("metrics"), static_port("http", 80)}, rng);
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_EQ(a.ports().size(), 2u);
  EXPECT_EQ(a.ports()[0].label, "http");
  EXPECT_EQ(a.ports()[1].label, "metrics");
}

TEST(NetworkIndex, OutOfRangeStaticPort) {
  const NetworkIndex index(node_config());
  sim::Rng rng(1);
  EXPECT_EQ(index.assign(std::vector<PortAsk>{static_port("x", 70000)}, rng).error(),
            "invalid port 70000 (out of range)");
}

// ---- Dynamic ports ----

TEST(NetworkIndex, DynamicPortLandsInTheRangeAndNeverOnReservedOrUsedPorts) {
  NetworkConfig c = node_config();
  c.min_dynamic_port = 20000;
  c.max_dynamic_port = 20009;
  c.reserved_ports = {20001, 20003};
  NetworkIndex index(c);
  sim::Rng rng(42);
  ASSERT_EQ(index.commit(1, std::vector<AssignedPort>{{"held", kNodeIp, 20005, 0}}), "");
  EXPECT_EQ(index.free_dynamic_count(kNodeIp), 7);  // 10 - 2 reserved - 1 held
  std::set<int> seen;
  for (int i = 0; i < 2000; ++i) {
    const PortAssignment a = index.assign(std::vector<PortAsk>{dynamic_port("p")}, rng);
    ASSERT_TRUE(a.ok()) << a.error();
    const int v = a.ports()[0].value;
    EXPECT_GE(v, 20000);
    EXPECT_LE(v, 20009);
    seen.insert(v);
  }
  // Every free port but the top one turns up, the used ones never. 20009 is free too, but the
  // draws are min + rand.Intn(max - min) and all 20 miss only with odds (3/9)^20 ~ 3e-10, so the
  // precise scan that could return it never runs.
  EXPECT_EQ(seen, (std::set<int>{20000, 20002, 20004, 20006, 20007, 20008}));
}

TEST(NetworkIndex, DynamicPortWithToMinusOneMapsToItself) {
  const NetworkIndex index(node_config());
  sim::Rng rng(3);
  const PortAssignment a =
      index.assign(std::vector<PortAsk>{dynamic_port("proxy", -1), dynamic_port("db", 5432)}, rng);
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a.ports()[0].to, a.ports()[0].value);
  EXPECT_EQ(a.ports()[1].to, 5432);
  EXPECT_GE(a.ports()[0].value, 20000);
  EXPECT_LE(a.ports()[0].value, 32000);
}

TEST(NetworkIndex, TenPortRangeFillsOneAskAtATimeThenFails) {
  NetworkConfig c = node_config();
  c.min_dynamic_port = 20000;
  c.max_dynamic_port = 20009;
  NetworkIndex index(c);
  sim::Rng rng(7);
  std::set<int> got;
  for (int id = 0; id < 10; ++id) {
    EXPECT_EQ(index.free_dynamic_count(kNodeIp), 10 - id);
    const std::vector<int> v = place(index, id, {dynamic_port("p")}, rng);
    ASSERT_EQ(v.size(), 1u);
    got.insert(v[0]);
  }
  EXPECT_EQ(got.size(), 10u);
  EXPECT_EQ(*got.begin(), 20000);
  EXPECT_EQ(*got.rbegin(), 20009);  // reachable only through the precise scan (see below)
  EXPECT_EQ(index.free_dynamic_count(kNodeIp), 0);
  const PortAssignment eleventh = index.assign(std::vector<PortAsk>{dynamic_port("p")}, rng);
  ASSERT_FALSE(eleventh.ok());
  EXPECT_EQ(eleventh.error(), "dynamic port selection failed");
  EXPECT_EQ(network_exhausted_dimension(eleventh.error()),
            "network: dynamic port selection failed");
}

TEST(NetworkIndex, PreciseFallbackFindsTheSingleFreePort) {
  NetworkIndex index(node_config());
  std::vector<AssignedPort> all_but_one;
  for (int p = 20000; p <= 32000; ++p) {
    if (p != 25000) all_but_one.push_back({"f", kNodeIp, p, 0});
  }
  ASSERT_EQ(index.commit(1, all_but_one), "");
  EXPECT_EQ(index.free_dynamic_count(kNodeIp), 1);
  // 20 random draws hit 25000 with probability 20/12000; the scan always finds it.
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    sim::Rng rng(seed);
    const PortAssignment a = index.assign(std::vector<PortAsk>{dynamic_port("p")}, rng);
    ASSERT_TRUE(a.ok()) << a.error();
    EXPECT_EQ(a.ports()[0].value, 25000);
  }
}

TEST(NetworkIndex, TopOfTheRangeComesOnlyFromThePreciseScan) {
  // getDynamicPortsStochastic draws min + rand.Intn(max - min): never max itself. With
  // 20000..20009 all used but 20009 the 20 draws all miss and the precise scan returns it.
  NetworkConfig c = node_config();
  c.min_dynamic_port = 20000;
  c.max_dynamic_port = 20009;
  NetworkIndex index(c);
  std::vector<AssignedPort> used;
  for (int p = 20000; p <= 20008; ++p) used.push_back({"f", kNodeIp, p, 0});
  ASSERT_EQ(index.commit(1, used), "");
  sim::Rng rng(11);
  const PortAssignment a = index.assign(std::vector<PortAsk>{dynamic_port("p")}, rng);
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a.ports()[0].value, 20009);
}

TEST(NetworkIndex, DynamicPicksAvoidTheGroupsOwnStaticAndEarlierPorts) {
  NetworkConfig c = node_config();
  c.min_dynamic_port = 20000;
  c.max_dynamic_port = 20002;
  const NetworkIndex index(c);
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    sim::Rng rng(seed);
    const PortAssignment a = index.assign(
        std::vector<PortAsk>{static_port("s", 20001), dynamic_port("a"), dynamic_port("b")}, rng);
    ASSERT_TRUE(a.ok()) << a.error();
    const std::set<int> values{a.ports()[0].value, a.ports()[1].value, a.ports()[2].value};
    EXPECT_EQ(values, (std::set<int>{20000, 20001, 20002}));
    EXPECT_EQ(a.ports()[0].value, 20001);
  }
  sim::Rng rng(1);
  EXPECT_EQ(index
                .assign(std::vector<PortAsk>{static_port("s", 20001), dynamic_port("a"),
                                             dynamic_port("b"), dynamic_port("c")},
                        rng)
                .error(),
            "dynamic port selection failed");
}

TEST(NetworkIndex, SameSeedSameDynamicPorts) {
  auto run = [](std::uint64_t seed) {
    NetworkIndex index(node_config());
    sim::Rng rng(seed);
    std::vector<int> values;
    for (int id = 0; id < 50; ++id) {
      const std::vector<int> v = place(index, id, {dynamic_port("a"), dynamic_port("b")}, rng);
      values.insert(values.end(), v.begin(), v.end());
    }
    return values;
  };
  EXPECT_EQ(run(2024), run(2024));
  EXPECT_NE(run(2024), run(2025));
}

// ---- Commit and release ----

TEST(NetworkIndex, ReleaseFreesPortsForReuse) {
  NetworkIndex index(node_config());
  sim::Rng rng(1);
  const std::vector<PortAsk> asks{static_port("redis", 6379), dynamic_port("metrics")};
  place(index, 1, asks, rng);
  EXPECT_EQ(index.used_count(kNodeIp), 2);
  EXPECT_EQ(index.free_dynamic_count(kNodeIp), 12000);
  EXPECT_FALSE(index.assign(asks, rng).ok());

  EXPECT_TRUE(index.release(1));
  EXPECT_EQ(index.used_count(kNodeIp), 0);
  EXPECT_EQ(index.free_dynamic_count(kNodeIp), 12001);
  EXPECT_FALSE(index.release(1));  // holds nothing any more
  place(index, 2, asks, rng);
  EXPECT_TRUE(index.is_used(kNodeIp, 6379));
}

TEST(NetworkIndex, ReleaseNeverFreesAReservedPort) {
  NetworkConfig c = node_config();
  c.reserved_ports = {22};
  NetworkIndex index(c);
  EXPECT_EQ(index.commit(1, std::vector<AssignedPort>{{"ssh", kNodeIp, 22, 0}}),
            "port 22 already in use");  // AddReservedPorts' reason
  EXPECT_FALSE(index.release(1));
  EXPECT_TRUE(index.is_used(kNodeIp, 22));
}

TEST(NetworkIndex, StaleCommitChangesNothing) {
  NetworkIndex index(node_config());
  sim::Rng rng(1);
  const PortAssignment a = index.assign(std::vector<PortAsk>{static_port("redis", 6379)}, rng);
  const PortAssignment b =
      index.assign(std::vector<PortAsk>{static_port("web", 8080), static_port("redis", 6379)}, rng);
  ASSERT_EQ(index.commit(1, a.ports()), "");
  EXPECT_EQ(index.commit(2, b.ports()), "port 6379 already in use");
  EXPECT_FALSE(index.is_used(kNodeIp, 8080));  // all or nothing
  EXPECT_EQ(index.commit(1, b.ports()), "allocation 1 already holds ports");
  EXPECT_EQ(index.holder_count(), 1);
  // One port twice in one commit: the first mark is undone.
  EXPECT_EQ(
      index.commit(3, std::vector<AssignedPort>{{"a", kNodeIp, 9000, 0}, {"b", kNodeIp, 9000, 0}}),
      "port 9000 already in use");
  EXPECT_FALSE(index.is_used(kNodeIp, 9000));
  EXPECT_EQ(index.used_count(kNodeIp), 1);
}

// ---- Host networks ----

TEST(NetworkIndex, UnknownHostNetwork) {
  const NetworkIndex index(node_config());
  sim::Rng rng(1);
  EXPECT_FALSE(index.has_host_network("public"));
  EXPECT_EQ(index.assign(std::vector<PortAsk>{static_port("http", 80, "public")}, rng).error(),
            "no addresses available for public network");
  PortAsk dyn = dynamic_port("p");
  dyn.host_network = "public";
  EXPECT_EQ(index.assign(std::vector<PortAsk>{dyn}, rng).error(),
            "no addresses available for public network");
}

TEST(NetworkIndex, HostNetworksKeepSeparateBitmapsAndReservations) {
  // client.reserved.reserved_ports = "22"; host_network "public" { reserved_ports = "443" }:
  // the default address reserves 22, the public one 22 and 443 (SetNode's merge).
  NetworkConfig c = node_config();
  c.reserved_ports = {22};
  c.host_networks = {{"public", kPublicIp, {443}}};
  NetworkIndex index(c);
  EXPECT_TRUE(index.has_host_network("public"));
  EXPECT_TRUE(index.is_used(kNodeIp, 22));
  EXPECT_FALSE(index.is_used(kNodeIp, 443));
  EXPECT_TRUE(index.is_used(kPublicIp, 22));
  EXPECT_TRUE(index.is_used(kPublicIp, 443));

  sim::Rng rng(1);
  place(index, 1, {static_port("redis", 6379)}, rng);
  const PortAssignment pub =
      index.assign(std::vector<PortAsk>{static_port("redis", 6379, "public")}, rng);
  ASSERT_TRUE(pub.ok()) << pub.error();
  EXPECT_EQ(pub.ports()[0].address, kPublicIp);
  EXPECT_EQ(index.commit(2, pub.ports()), "");
  EXPECT_TRUE(index.is_used(kNodeIp, 6379));
  EXPECT_TRUE(index.is_used(kPublicIp, 6379));
  EXPECT_EQ(index.used_count(kNodeIp), 2);    // 22, 6379
  EXPECT_EQ(index.used_count(kPublicIp), 3);  // 22, 443, 6379
  EXPECT_TRUE(index.release(1));
  EXPECT_FALSE(index.is_used(kNodeIp, 6379));
  EXPECT_TRUE(index.is_used(kPublicIp, 6379));
}

TEST(NetworkIndex, StaticPortTriesEachAddressOfItsHostNetwork) {
  // Two addresses share the alias "public": the newest AssignPorts moves on to the next
  // address on a collision and reports the collision only when every address has it.
  NetworkConfig c = node_config();
  c.host_networks = {{"public", "192.168.0.1", {}}, {"public", "192.168.0.2", {}}};
  NetworkIndex index(c);
  EXPECT_EQ(index.addresses("public"), (std::vector<std::string>{"192.168.0.1", "192.168.0.2"}));
  sim::Rng rng(1);
  const std::vector<PortAsk> asks{static_port("https", 443, "public")};
  PortAssignment first = index.assign(asks, rng);
  EXPECT_EQ(first.ports()[0].address, "192.168.0.1");
  ASSERT_EQ(index.commit(1, first.ports()), "");
  PortAssignment second = index.assign(asks, rng);
  EXPECT_EQ(second.ports()[0].address, "192.168.0.2");
  ASSERT_EQ(index.commit(2, second.ports()), "");
  EXPECT_EQ(index.assign(asks, rng).error(), "reserved port collision https=443");
}

TEST(NetworkIndex, InvalidConfigIsRejected) {
  NetworkConfig inverted = node_config();
  inverted.min_dynamic_port = 30000;
  inverted.max_dynamic_port = 20000;
  EXPECT_THROW(NetworkIndex{inverted}, std::invalid_argument);
  NetworkConfig bad_port = node_config();
  bad_port.reserved_ports = {65536};
  EXPECT_THROW(NetworkIndex{bad_port}, std::invalid_argument);
}

// ---- PortSet ----

TEST(PortSet, CountsAndFindsFreePortsAcrossWords) {
  PortSet s;
  EXPECT_TRUE(s.set(63));
  EXPECT_TRUE(s.set(64));
  EXPECT_FALSE(s.set(64));
  EXPECT_TRUE(s.set(65535));
  EXPECT_EQ(s.count(), 3);
  EXPECT_EQ(s.count_in_range(60, 70), 2);
  EXPECT_EQ(s.count_in_range(0, 65535), 3);
  EXPECT_EQ(s.count_in_range(65, 65534), 0);
  // Free ports in [62, 67]: 62, 65, 66, 67; with 65 excluded: 62, 66, 67.
  const std::vector<int> excluded{65};
  EXPECT_EQ(s.nth_free_in_range(62, 67, 0, excluded), 62);
  EXPECT_EQ(s.nth_free_in_range(62, 67, 1, excluded), 66);
  EXPECT_EQ(s.nth_free_in_range(62, 67, 2, excluded), 67);
  EXPECT_EQ(s.nth_free_in_range(62, 67, 3, excluded), -1);
  EXPECT_EQ(s.nth_free_in_range(65534, 65535, 0, {}), 65534);
  EXPECT_EQ(s.nth_free_in_range(65534, 65535, 1, {}), -1);
  EXPECT_TRUE(s.reset(64));
  EXPECT_FALSE(s.reset(64));
  EXPECT_EQ(s.count(), 2);
  EXPECT_FALSE(s.test(-1));
  EXPECT_FALSE(s.test(65536));
}

}  // namespace
}  // namespace portolan::models
