// Discovery at scale: a 1,000-node cluster (10 racks, a Consul agent on every node) with
// 10,000 service instances (1,000 services of 10), 50,000 consumer allocations (50 per
// service, by template, DNS or Connect in turn), and churn: every 10 s one service is scaled
// down to 5 and another back to 10, and every minute a node fails and the previous one
// recovers, over 10 simulated minutes.
//
// BM_DiscoveryChurn runs it whole; BM_PlacementOnly runs the same cluster, jobs and timeline
// without services and consumers. Both report simulated events per wall second; their time
// ratio (in the same run of the same binary) is the cost that discovery adds. The counter
// `results_digest` hashes every discovery and stale record, the event count and each sample's
// placement quality: two builds that report one digest produced the same results.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "models/runtime/engine.h"

namespace {

using namespace portolan::models;
namespace sim = portolan::sim;

constexpr int kNodes = 1000;
constexpr int kRacks = 10;
constexpr int kServices = 1000;
constexpr int kInstancesPerService = 10;
constexpr int kConsumersPerService = 50;

GroupAsk group(int job, const std::string& name, int count) {
  GroupAsk g;
  g.job = job;
  g.group = 0;
  g.job_name = name;
  g.group_name = "main";
  g.count = count;
  g.datacenters = {"dc1"};
  g.resources = make_resources(10, 16, 1);
  g.drivers = {"docker"};
  g.ports = {PortAsk{"http", 0, 8080, "default"}};
  return g;
}

void add_job(Model& m, const std::string& name, int count) {
  JobSpec spec;
  spec.name = name;
  spec.datacenters = {"dc1"};
  spec.groups = {group(static_cast<int>(m.jobs.size()), name, count)};
  m.jobs.push_back(std::move(spec));
}

Model churn_model(bool discovery) {
  Model m;
  m.name = "discovery-bench";
  for (int r = 0; r < kRacks; ++r) {
    NodeShape shape;
    shape.pool = "rack" + std::to_string(r);
    shape.rack = "r" + std::to_string(r);
    shape.capacity = make_resources(64000, 256000, 1000000);
    shape.drivers = {"docker"};
    shape.consul_agent = true;
    shape.network.address = "10.0.0.1";
    m.pools.push_back({shape, kNodes / kRacks});
  }
  for (int s = 0; s < kServices; ++s) {
    const std::string name = "svc" + std::to_string(s);
    add_job(m, name, kInstancesPerService);
    if (!discovery) continue;
    ServiceSpec svc;
    svc.name = name;
    svc.job = static_cast<int>(m.jobs.size()) - 1;
    svc.port_label = "http";
    svc.consul = s % 2 == 0;  // half Consul, half Nomad-native
    svc.check_interval = svc.consul ? 10 * sim::kSecond : 0;
    m.services.push_back(svc);
  }
  for (int s = 0; s < kServices; ++s) {
    add_job(m, "use" + std::to_string(s), kConsumersPerService);
    if (!discovery) continue;
    ConsumerSpec c;
    c.name = "use" + std::to_string(s);
    c.job = static_cast<int>(m.jobs.size()) - 1;
    c.service = "svc" + std::to_string(s);
    const ConsumerPath paths[] = {ConsumerPath::kTemplate, ConsumerPath::kDns,
                                  ConsumerPath::kConnect};
    c.path = paths[s % 3];
    c.request_rate = 5;
    m.consumers.push_back(c);
  }
  m.propagation.dns_ttl = 5 * sim::kSecond;
  m.horizon = 10 * sim::kMinute;
  m.sample_interval = 10 * sim::kSecond;
  for (int k = 1; k * 10 * sim::kSecond < m.horizon; ++k) {
    TimelineEvent down;
    down.at = k * 10 * sim::kSecond;
    down.kind = TimelineEvent::Kind::kScaleGroup;
    down.job = (2 * k) % kServices;
    down.group = 0;
    down.count = kInstancesPerService / 2;
    TimelineEvent up = down;
    up.job = (2 * k - 2) % kServices;
    up.count = kInstancesPerService;
    m.timeline.push_back(down);
    m.timeline.push_back(up);
    if (k % 6 == 0) {
      TimelineEvent fail;
      fail.at = down.at;
      fail.kind = TimelineEvent::Kind::kFailNode;
      fail.node = "rack" + std::to_string(k % kRacks) + "-" + std::to_string(k);
      m.timeline.push_back(fail);
      if (k > 6) {
        TimelineEvent recover = fail;
        recover.kind = TimelineEvent::Kind::kRecoverNode;
        recover.node = "rack" + std::to_string((k - 6) % kRacks) + "-" + std::to_string(k - 6);
        m.timeline.push_back(recover);
      }
    }
  }
  return m;
}

// FNV-1a over the results the run produced, folded to 52 bits (exact in a double counter).
class Digest {
 public:
  void add(const std::string& s) {
    add_bytes(s.data(), s.size());
    add(static_cast<std::int64_t>(s.size()));
  }
  void add(std::int64_t v) { add_bytes(&v, sizeof v); }
  void add(double v) {
    std::int64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    add(bits);
  }
  double value() const { return static_cast<double>(h_ >> 12); }

 private:
  void add_bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 1099511628211ULL;
  }
  std::uint64_t h_ = 14695981039346656037ULL;
};

double digest(const RunResult& r) {
  Digest d;
  d.add(static_cast<std::int64_t>(r.events));
  for (const DiscoveryRecord& x : r.discovery) {
    for (const std::string& s : {x.service, x.path, r.alloc_name(x.instance_alloc), x.consumer}) {
      d.add(s);
    }
    for (const std::int64_t v : {std::int64_t{x.instance_alloc}, std::int64_t{x.consumer_alloc},
                                 x.running, x.consumer_started, x.visible}) {
      d.add(v);
    }
  }
  for (const StaleRecord& x : r.stale) {
    for (const std::string& s : {x.service, x.path, r.alloc_name(x.instance_alloc), x.consumer}) {
      d.add(s);
    }
    for (const std::int64_t v : {std::int64_t{x.instance_alloc}, std::int64_t{x.consumer_alloc},
                                 x.dead, x.learnt, x.forgotten, x.failed_requests}) {
      d.add(v);
    }
  }
  for (const TimeseriesSample& t : r.timeseries) {
    const PlacementQuality& q = t.quality;
    d.add(static_cast<std::int64_t>(q.nodes_in_use));
    d.add(static_cast<std::int64_t>(q.allocs_max));
    d.add(q.allocs_std);
    for (int k = 0; k < 3; ++k) {
      for (const double v : {q.util_mean[k], q.util_std[k], q.util_max[k]}) d.add(v);
    }
    for (const auto& [job, c] : q.jobs) {
      d.add(job);
      for (const double v : {c.node, c.rack, c.datacenter}) d.add(v);
    }
  }
  return d.value();
}

void run(benchmark::State& state, bool discovery) {
  const Model m = churn_model(discovery);
  std::uint64_t events = 0;
  std::size_t discovered = 0, stale = 0;
  double results_digest = 0;
  for (auto _ : state) {
    const RunResult r = run_model(m, {});
    events += r.events;
    discovered = r.discovery.size();
    stale = r.stale.size();
    state.PauseTiming();
    results_digest = digest(r);
    state.ResumeTiming();
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(events / state.iterations());
  state.counters["discovery_rows"] = static_cast<double>(discovered);
  state.counters["stale_rows"] = static_cast<double>(stale);
  state.counters["results_digest"] = results_digest;
}

void BM_DiscoveryChurn(benchmark::State& state) { run(state, true); }
void BM_PlacementOnly(benchmark::State& state) { run(state, false); }
BENCHMARK(BM_PlacementOnly)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_DiscoveryChurn)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
