#include "models/discovery/discovery.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace portolan::models {
namespace {

const char* path_name(ConsumerPath p) {
  switch (p) {
    case ConsumerPath::kEnv:
      return "env";
    case ConsumerPath::kLocalhost:
      return "localhost";
    case ConsumerPath::kTemplate:
      return "template";
    case ConsumerPath::kDns:
      return "dns";
    case ConsumerPath::kConnect:
      return "connect";
  }
  return "?";
}

bool through_registry(ConsumerPath p) {
  return p == ConsumerPath::kTemplate || p == ConsumerPath::kDns || p == ConsumerPath::kConnect;
}

// A Poisson count: Knuth's product method for small means, a rounded normal approximation
// past 30 (the mean's relative error stays far below 1%).
std::int64_t poisson(double mean, sim::Rng& rng) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const double limit = std::exp(-mean);
    double product = rng.uniform01();
    std::int64_t k = 0;
    while (product > limit) {
      ++k;
      product *= rng.uniform01();
    }
    return k;
  }
  const double u1 = std::max(rng.uniform01(), 1e-300);  // Box-Muller
  const double z =
      std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * rng.uniform01());
  return std::max<std::int64_t>(0, std::llround(mean + std::sqrt(mean) * z));
}

// The group's slowest driver decides its start; docker (an image pull) is the usual one.
std::string main_driver(const GroupAsk& ask) {
  if (ask.drivers.count("docker") != 0) return "docker";
  return ask.drivers.empty() ? "exec" : *ask.drivers.begin();
}

sim::Time exponential(sim::Time mean, sim::Rng& rng) {
  return static_cast<sim::Time>(rng.exponential(static_cast<double>(mean)));
}

// Sets of ids as sorted vectors: a consumer holds a handful of instances, a registry entry as
// many as the service has; they iterate in ascending order, as std::set did.
bool contains(const std::vector<int>& set, int id) {
  return std::binary_search(set.begin(), set.end(), id);
}
bool insert(std::vector<int>& set, int id) {
  const auto it = std::lower_bound(set.begin(), set.end(), id);
  if (it != set.end() && *it == id) return false;
  set.insert(it, id);
  return true;
}
void erase(std::vector<int>& set, int id) {
  const auto it = std::lower_bound(set.begin(), set.end(), id);
  if (it != set.end() && *it == id) set.erase(it);
}

// What a consumer holds: (instance, since when it holds its address), sorted by instance.
using HeldAddresses = std::vector<std::pair<int, sim::Time>>;
// The first entry of `held` not below `instance`.
HeldAddresses::iterator find_held(HeldAddresses& held, int instance) {
  return std::lower_bound(held.begin(), held.end(), instance,
                          [](const std::pair<int, sim::Time>& h, int i) { return h.first < i; });
}

// The vector of `index` in a table by dense id, grown to hold it.
std::vector<int>& at(std::vector<std::vector<int>>& table, int index) {
  const auto i = static_cast<std::size_t>(index);
  if (table.size() <= i) table.resize(i + 1);
  return table[i];
}
const std::vector<int>& at(const std::vector<std::vector<int>>& table, int index) {
  static const std::vector<int> kNone;
  const auto i = static_cast<std::size_t>(index);
  return i < table.size() ? table[i] : kNone;
}

}  // namespace

struct Discovery::Instance {
  int service = 0;  // index into model.services
  int alloc = 0;
  int node = 0;
  sim::Time running_at = 0;
  bool registered = false;
  bool removed = false;    // deregistered (or on its way out: no later registration)
  sim::Time dead_at = -1;  // stopped serving
};

struct Discovery::Watch {
  int consumer = 0;  // index into model.consumers
  int alloc = 0;
  int node = 0;
  sim::Time started = 0;  // the consumer's task started (it watches from then)
  bool stopped = false;
  std::unique_ptr<TemplateWatcher> tpl;
  sim::EventId pending{};      // the render, re-resolve or xDS update to come
  sim::Time last_resolve = 0;  // dns: when the cached answer was fetched
  std::vector<int> file;       // template: the instances in the last rendered file
  bool restarting = false;     // template: a change_mode restart is under way
  HeldAddresses held;
  std::vector<int> discovered;
  // This watch's own streams (keyed by consumer, allocation and watch ordinal).
  sim::Rng dns_rng{0};       // dns: the lookups' timing
  sim::Rng render_rng{0};    // template: the restarts change_mode "restart" makes
  sim::Rng requests_rng{0};  // the requests sent to dead instances
};

Discovery::Discovery(const Model& model, sim::Simulator& sim, const sim::RngStreams& streams,
                     const Cluster& cluster, const AllocationTable& allocs, RunResult& result)
    : model_(model),
      sim_(sim),
      cluster_(cluster),
      allocs_(allocs),
      result_(result),
      streams_(streams),
      topology_(TopologyConfig{.intra_rack = model.propagation.intra_rack,
                               .inter_rack = model.propagation.inter_rack,
                               .inter_dc = model.propagation.inter_dc,
                               .to_servers = model.propagation.to_servers}) {
  gossip_.probe_interval = model.propagation.gossip_probe_interval;
  gossip_.suspicion_mult = model.propagation.gossip_suspicion_mult;
  std::map<std::string, int> keys;
  const auto key = [&keys](const std::string& name) {
    return keys.try_emplace(name, static_cast<int>(keys.size())).first->second;
  };
  for (std::size_t s = 0; s < model.services.size(); ++s) {
    services_by_group_[{model.services[s].job, model.services[s].group}].push_back(
        static_cast<int>(s));
    service_key_.push_back(key(model.services[s].name));
  }
  for (std::size_t c = 0; c < model.consumers.size(); ++c) {
    consumers_by_group_[{model.consumers[c].job, model.consumers[c].group}].push_back(
        static_cast<int>(c));
    consumer_key_.push_back(key(model.consumers[c].service));
  }
  instances_by_service_.resize(keys.size());
  registered_.resize(keys.size());
  watches_by_service_.resize(keys.size());
}

Discovery::~Discovery() = default;

void Discovery::on_node_added(int node) {
  const Node& n = cluster_.node(node);
  topology_.add_node(n.shape.datacenter, n.shape.rack);
  server_hops_.clear();
  consul_agents_ += n.shape.consul_agent ? 1 : 0;
}

sim::Rng& Discovery::stream(StreamTable& streams, int key, const char* prefix,
                            const std::string& name) {
  const auto k = static_cast<std::size_t>(key);
  if (streams.size() <= k) streams.resize(k + 1);  // amortized: the vector grows geometrically
  if (!streams[k]) streams[k].emplace(streams_.stream(prefix + name));
  return *streams[k];
}

sim::Time Discovery::driver_start(const std::string& driver, sim::Rng& rng) {
  const auto it = model_.propagation.driver_start_mean.find(driver);
  return exponential(it == model_.propagation.driver_start_mean.end()
                         ? model_.propagation.default_driver_start_mean
                         : it->second,
                     rng);
}

sim::Time Discovery::server_hop(int node) const {
  const auto k = static_cast<std::size_t>(node);
  if (server_hops_.size() <= k) {
    server_hops_.resize(std::max(k + 1, static_cast<std::size_t>(cluster_.size())), -1);
  }
  sim::Time& hop = server_hops_[k];
  if (hop >= 0) return hop;
  const std::string& dc = model_.propagation.servers_datacenter;
  // Before the servers' datacenter has a node the topology does not know it: the node's own.
  hop = dc.empty() || !topology_.has_datacenter(dc) ? topology_.rtt_to_servers(node) / 2
                                                    : topology_.rtt_to_servers(node, dc) / 2;
  return hop;
}

sim::Time Discovery::commit(bool consul) const {
  return topology_.raft_commit(consul ? model_.propagation.consul_servers
                                      : model_.propagation.nomad_servers);
}

sim::Time Discovery::start_delay(int alloc) {
  const Allocation& a = allocs_[static_cast<std::size_t>(alloc)];
  const GroupAsk& ask =
      model_.jobs[static_cast<std::size_t>(a.job)].groups[static_cast<std::size_t>(a.group)];
  return server_hop(a.node) +
         driver_start(main_driver(ask), stream(driver_rngs_, alloc, "driver/", a.uid.str()));
}

sim::Time Discovery::restart_delay(int alloc) {
  const Allocation& a = allocs_[static_cast<std::size_t>(alloc)];
  const GroupAsk& ask =
      model_.jobs[static_cast<std::size_t>(a.job)].groups[static_cast<std::size_t>(a.group)];
  return driver_start(main_driver(ask), stream(driver_rngs_, alloc, "driver/", a.uid.str()));
}

sim::Time Discovery::on_running(int alloc) {
  const Allocation& a = allocs_[static_cast<std::size_t>(alloc)];
  const sim::Time now = sim_.now();
  sim::Time passing = now;
  static const std::vector<int> kNone;
  const auto services = services_by_group_.find({a.job, a.group});
  for (const int s : services == services_by_group_.end() ? kNone : services->second) {
    const ServiceSpec& svc = model_.services[static_cast<std::size_t>(s)];
    const int id = static_cast<int>(instances_.size());
    auto inst = std::make_unique<Instance>();
    inst->service = s;
    inst->alloc = alloc;
    inst->node = a.node;
    inst->running_at = now;
    instances_.push_back(std::move(inst));
    const int key = service_key_[static_cast<std::size_t>(s)];
    at(instances_by_alloc_, alloc).push_back(id);
    at(instances_by_node_, a.node).push_back(id);
    instances_by_service_[static_cast<std::size_t>(key)].push_back(id);
    // Consumers that need no registry: their own allocation (NOMAD_ADDR_x), or localhost on
    // the same node.
    for (const int w : watches_by_service_[static_cast<std::size_t>(key)]) {
      const Watch& watch = *watches_[static_cast<std::size_t>(w)];
      const ConsumerPath path = model_.consumers[static_cast<std::size_t>(watch.consumer)].path;
      if ((path == ConsumerPath::kEnv && watch.alloc == alloc) ||
          (path == ConsumerPath::kLocalhost && watch.node == a.node)) {
        apply_view(w, {id}, /*additive=*/true);
      }
    }
    if (svc.consul && !cluster_.node(a.node).shape.consul_agent) continue;  // no agent
    sim::Time at = now + server_hop(a.node) + commit(svc.consul);
    if (svc.consul && svc.check_interval > 0) {
      // agent/checks CheckHTTP: the first run comes after RandomStagger(interval).
      sim::Rng& rng = stream(check_rngs_, alloc, "check/", a.uid.str());
      at += static_cast<sim::Time>(rng.below(static_cast<std::uint64_t>(svc.check_interval)));
      passing = std::max(passing, at);
    }
    sim_.schedule_at(at, [this, id] { registry_add(id); });
  }
  const auto consumers = consumers_by_group_.find({a.job, a.group});
  for (const int c : consumers == consumers_by_group_.end() ? kNone : consumers->second) {
    const ConsumerSpec& spec = model_.consumers[static_cast<std::size_t>(c)];
    const int w = static_cast<int>(watches_.size());
    auto watch = std::make_unique<Watch>();
    watch->consumer = c;
    watch->alloc = alloc;
    watch->node = a.node;
    watch->started = now;
    const std::string key =
        spec.name + "/" + a.uid.str() + "#" + std::to_string(watches_made_[{c, alloc}]++);
    watch->dns_rng = streams_.stream("dns/" + key);
    watch->render_rng = streams_.stream("render/" + key);
    watch->requests_rng = streams_.stream("requests/" + key);
    watch->last_resolve = now;
    if (spec.path == ConsumerPath::kTemplate) {
      watch->tpl = std::make_unique<TemplateWatcher>(spec.wait_min, spec.wait_max);
    }
    watches_.push_back(std::move(watch));
    const int service = consumer_key_[static_cast<std::size_t>(c)];
    at(watches_by_alloc_, alloc).push_back(w);
    watches_by_service_[static_cast<std::size_t>(service)].push_back(w);
    // The task starts with the registry as it is now (Nomad renders templates before it
    // starts the task), or with what already listens on its own node or allocation.
    std::vector<int> initial;
    if (through_registry(spec.path)) {
      initial = registered(service);
    } else {
      for (const int i : instances_by_service_[static_cast<std::size_t>(service)]) {
        const Instance& inst = *instances_[static_cast<std::size_t>(i)];
        if (inst.dead_at >= 0) continue;
        if ((spec.path == ConsumerPath::kLocalhost && inst.node == a.node) ||
            (spec.path == ConsumerPath::kEnv && inst.alloc == alloc)) {
          insert(initial, i);
        }
      }
    }
    apply_view(w, initial, /*additive=*/false);
  }
  return passing;
}

void Discovery::registry_add(int instance) {
  Instance& inst = *instances_[static_cast<std::size_t>(instance)];
  if (inst.removed || inst.registered) return;  // deregistered before it was registered
  inst.registered = true;
  const int key = service_key_[static_cast<std::size_t>(inst.service)];
  insert(registered_[static_cast<std::size_t>(key)], instance);
  notify_watchers(key, sim_.now());
}

void Discovery::registry_remove(int instance) {
  Instance& inst = *instances_[static_cast<std::size_t>(instance)];
  const bool was_registered = inst.registered && !inst.removed;
  inst.removed = true;
  if (!was_registered) return;  // only a registered instance is in registered_
  const int key = service_key_[static_cast<std::size_t>(inst.service)];
  erase(registered_[static_cast<std::size_t>(key)], instance);
  notify_watchers(key, sim_.now());
}

void Discovery::notify_watchers(int service, sim::Time at) {
  for (const int w : watches_by_service_[static_cast<std::size_t>(service)]) {
    Watch& watch = *watches_[static_cast<std::size_t>(w)];
    if (watch.stopped) continue;
    switch (model_.consumers[static_cast<std::size_t>(watch.consumer)].path) {
      case ConsumerPath::kTemplate:
        // The blocking query returns as soon as the index moves: one server->client hop.
        sim_.schedule_at(at + server_hop(watch.node), [this, w] { template_changed(w); });
        break;
      case ConsumerPath::kDns:
        dns_changed(w, at);
        break;
      case ConsumerPath::kConnect:
        // The agent's proxycfg watch wakes (a blocking query), then Envoy applies the update.
        // One update in flight carries every change made before it lands.
        if (watch.pending != sim::EventId{}) break;
        watch.pending =
            sim_.schedule_at(at + server_hop(watch.node) + model_.propagation.xds_push, [this, w] {
              Watch& wt = *watches_[static_cast<std::size_t>(w)];
              wt.pending = {};
              apply_view(w, registered(consumer_key_[static_cast<std::size_t>(wt.consumer)]),
                         false);
            });
        break;
      case ConsumerPath::kEnv:
      case ConsumerPath::kLocalhost:
        break;
    }
  }
}

// The consumer resolves on each request whose cached answer has expired, so its lookups form a
// renewal process: a lookup, `ttl` of caching, then the wait for the next request (exponential
// at the request rate). A change at `at` is seen at the first lookup after it. Renewals since
// the last known lookup are stepped exactly when few; past 64 the phase is drawn from the
// process's equilibrium (in the cached part with probability ttl / (ttl + 1/rate), with a
// uniform residual).
void Discovery::dns_changed(int w, sim::Time at) {
  Watch& watch = *watches_[static_cast<std::size_t>(w)];
  if (watch.pending != sim::EventId{}) return;  // a lookup is due and will see this change
  const ConsumerSpec& spec = model_.consumers[static_cast<std::size_t>(watch.consumer)];
  const sim::Time ttl = model_.propagation.dns_ttl;
  const auto gap = static_cast<sim::Time>(static_cast<double>(sim::kSecond) / spec.request_rate);
  sim::Time lookup;
  if (ttl == 0) {
    lookup = at + exponential(gap, watch.dns_rng);  // memoryless: the next request after it
  } else if (at - watch.last_resolve < 64 * (ttl + gap)) {
    lookup = watch.last_resolve;
    while (lookup <= at) lookup += ttl + exponential(gap, watch.dns_rng);
  } else {
    const double cached = static_cast<double>(ttl) / static_cast<double>(ttl + gap);
    lookup = at + exponential(gap, watch.dns_rng);
    if (watch.dns_rng.uniform01() < cached) {
      lookup += static_cast<sim::Time>(watch.dns_rng.below(static_cast<std::uint64_t>(ttl)));
    }
  }
  watch.pending = sim_.schedule_at(lookup, [this, w] {
    Watch& wt = *watches_[static_cast<std::size_t>(w)];
    wt.pending = {};
    wt.last_resolve = sim_.now();
    apply_view(w, registered(consumer_key_[static_cast<std::size_t>(wt.consumer)]), false);
  });
}

void Discovery::template_changed(int w) {
  Watch& watch = *watches_[static_cast<std::size_t>(w)];
  if (watch.stopped) return;
  const auto render_at = watch.tpl->on_change(sim_.now());
  if (!render_at) return;  // the render already due stands
  sim_.cancel(watch.pending);
  watch.pending = sim_.schedule_at(*render_at, [this, w] {
    Watch& wt = *watches_[static_cast<std::size_t>(w)];
    wt.pending = {};
    wt.tpl->on_rendered();
    const ConsumerSpec& spec = model_.consumers[static_cast<std::size_t>(wt.consumer)];
    wt.file = registered(consumer_key_[static_cast<std::size_t>(wt.consumer)]);
    if (spec.change_mode != "restart") {
      apply_view(w, wt.file, false);  // signal or noop: the task reads the file in place
      return;
    }
    // The task restarts to read the new file (one more driver start) and reads it as it is
    // when it starts: a render during a restart is picked up by that restart.
    if (wt.restarting) return;
    wt.restarting = true;
    sim_.schedule_after(driver_start(spec.driver, wt.render_rng), [this, w] {
      Watch& restarted = *watches_[static_cast<std::size_t>(w)];
      restarted.restarting = false;
      apply_view(w, restarted.file, false);
    });
  });
}

void Discovery::apply_view(int w, const std::vector<int>& view, bool additive) {
  Watch& watch = *watches_[static_cast<std::size_t>(w)];
  if (watch.stopped) return;
  const ConsumerSpec& spec = model_.consumers[static_cast<std::size_t>(watch.consumer)];
  const sim::Time now = sim_.now();
  for (const int i : view) {
    const auto h = find_held(watch.held, i);
    if (h != watch.held.end() && h->first == i) continue;
    watch.held.insert(h, {i, now});
    if (!insert(watch.discovered, i)) continue;
    const Instance& inst = *instances_[static_cast<std::size_t>(i)];
    result_.discovery.push_back(DiscoveryRecord{.service = spec.service,
                                                .path = path_name(spec.path),
                                                .instance_alloc = inst.alloc,
                                                .consumer = spec.name,
                                                .consumer_alloc = watch.alloc,
                                                .running = inst.running_at,
                                                .consumer_started = watch.started,
                                                .visible = now});
  }
  if (additive) return;
  std::vector<int> dropped;
  for (const auto& [i, since] : watch.held) {
    if (!contains(view, i)) dropped.push_back(i);
  }
  for (const int i : dropped) forget(w, i);
}

void Discovery::forget(int w, int instance) {
  Watch& watch = *watches_[static_cast<std::size_t>(w)];
  const auto held = find_held(watch.held, instance);
  const sim::Time since = held->second;
  const double share = 1.0 / static_cast<double>(watch.held.size());
  watch.held.erase(held);
  const Instance& inst = *instances_[static_cast<std::size_t>(instance)];
  const sim::Time now = sim_.now();
  if (inst.dead_at < 0 || inst.dead_at >= now) return;  // forgotten before it stopped serving
  const ConsumerSpec& spec = model_.consumers[static_cast<std::size_t>(watch.consumer)];
  // A consumer that learnt the address after the death was stale only from then.
  const sim::Time from = std::max(inst.dead_at, since);
  result_.stale.push_back(StaleRecord{
      .service = spec.service,
      .path = path_name(spec.path),
      .instance_alloc = inst.alloc,
      .consumer = spec.name,
      .consumer_alloc = watch.alloc,
      .dead = inst.dead_at,
      .learnt = since,
      .forgotten = now,
      .failed_requests =
          poisson(spec.request_rate * share * sim::to_seconds(now - from), watch.requests_rng)});
}

void Discovery::stop_watches(int alloc) {
  if (static_cast<std::size_t>(alloc) >= watches_by_alloc_.size()) return;
  std::vector<int>& watches = watches_by_alloc_[static_cast<std::size_t>(alloc)];
  for (const int w : watches) {
    Watch& watch = *watches_[static_cast<std::size_t>(w)];
    watch.stopped = true;
    sim_.cancel(watch.pending);
    watch.held.clear();  // the consumer is gone: what it held no longer matters
    // Registry changes no longer need to visit it.
    std::erase(watches_by_service_[static_cast<std::size_t>(
                   consumer_key_[static_cast<std::size_t>(watch.consumer)])],
               w);
  }
  watches.clear();  // a restarted allocation watches anew
}

void Discovery::on_stopped(int alloc, sim::Time dead_at) {
  stop_watches(alloc);
  for (const int id : at(std::as_const(instances_by_alloc_), alloc)) {
    Instance& inst = *instances_[static_cast<std::size_t>(id)];
    if (inst.dead_at < 0) inst.dead_at = dead_at;
    // The client deregisters before the shutdown delay (client/allocrunner groupservice_hook
    // PreKill), so consumers can move away while the task still serves.
    const bool consul = model_.services[static_cast<std::size_t>(inst.service)].consul;
    sim_.schedule_after(server_hop(inst.node) + commit(consul),
                        [this, id] { registry_remove(id); });
  }
}

// Consul's LAN pool holds every agent, clients and servers (Consul docs, architecture/gossip):
// the client agents are the members counted; with fewer than two of them the Consul servers
// are the ones that notice (issue 14: a lone agent's death, or consul services without any
// agent, threw "failure detection needs a live member").
int Discovery::gossip_members() const {
  return consul_agents_ >= 2 ? consul_agents_ : consul_agents_ + model_.propagation.consul_servers;
}

void Discovery::on_node_failed(int node) {
  const sim::Time now = sim_.now();
  for (const int alloc : cluster_.node(node).allocs) stop_watches(alloc);
  for (const int id : at(std::as_const(instances_by_node_), node)) {
    Instance& inst = *instances_[static_cast<std::size_t>(id)];
    if (inst.dead_at >= 0) continue;
    inst.dead_at = now;
    if (!model_.services[static_cast<std::size_t>(inst.service)].consul) continue;
    // The agent died with the node: the catalog learns through gossip failure detection
    // (serfHealth critical), then commits. Nomad-native: on_node_down.
    // No Consul member is left to notice (no agents, no servers): the entry goes when the
    // servers mark the node down, as a Nomad-native one (on_node_down).
    if (gossip_members() < 2) continue;
    sim::Rng& rng = stream(gossip_rngs_, node, "gossip/", cluster_.node(node).name);
    const sim::Time detected = failure_detection_delay(gossip_, gossip_members(), rng);
    sim_.schedule_after(detected + commit(true), [this, id] { registry_remove(id); });
  }
}

void Discovery::on_node_down(int node) {
  for (const int id : at(std::as_const(instances_by_node_), node)) {
    const Instance& inst = *instances_[static_cast<std::size_t>(id)];
    const bool consul = model_.services[static_cast<std::size_t>(inst.service)].consul;
    if (inst.removed || (consul && gossip_members() >= 2)) continue;
    // The servers drop a down node's registrations with the Raft entry that marks its
    // allocations lost (nomad/node_endpoint.go updateNodeStatus, then service deletion).
    sim_.schedule_after(commit(false), [this, id] { registry_remove(id); });
  }
}

void Discovery::finish() {
  for (std::size_t w = 0; w < watches_.size(); ++w) {
    const Watch& watch = *watches_[w];
    if (watch.stopped) continue;
    std::vector<int> dead;
    for (const auto& [i, since] : watch.held) {
      const sim::Time died = instances_[static_cast<std::size_t>(i)]->dead_at;
      if (died >= 0 && died < sim_.now()) dead.push_back(i);
    }
    for (const int i : dead) forget(static_cast<int>(w), i);
  }
}

}  // namespace portolan::models
