#include "models/cluster/network_index.h"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <initializer_list>
#include <stdexcept>

namespace portolan::models {
namespace {

// Joins text pieces. Used instead of `"literal" + std::string` chains, on which g++ 12 at -O2
// reports a false -Wrestrict (a known g++ 12 false positive).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

std::string num(int n) { return std::to_string(n); }

bool valid_port(int port) { return port >= 0 && port < PortSet::kSize; }

void check_port(int port, std::string_view what) {
  if (!valid_port(port)) {
    throw std::invalid_argument(cat({"invalid port ", num(port), " in ", what}));
  }
}

bool contains(std::span<const int> ports, int port) {
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

// Ports a dynamic pick must avoid besides the used set: the ask's static ports on the same
// host network (AssignPorts' reservedIdx) and every port already in the offer (portsInOffer).
struct Avoid {
  std::span<const int> reserved;
  std::span<const int> in_offer;
  bool has(int port) const { return contains(reserved, port) || contains(in_offer, port); }
};

// One draw of getDynamicPortsStochastic: min + rand.Intn(max - min), never `max` itself; no
// draw at all when the range holds one port.
int random_dynamic_port(int min, int max, sim::Rng& rng) {
  if (max - min <= 0) return min;
  return min + static_cast<int>(rng.below(static_cast<std::uint64_t>(max - min)));
}

// nomad/structs/network.go getDynamicPortsStochastic, for one port: up to maxRandPortAttempts
// draws (random_dynamic_port). -1 on failure (Nomad's "stochastic dynamic port selection
// failed", which only triggers the fallback).
int dynamic_port_stochastic(const PortSet& used, int min, int max, const Avoid& avoid,
                            sim::Rng& rng) {
  for (int attempt = 0; attempt < kMaxRandPortAttempts; ++attempt) {
    const int port = random_dynamic_port(min, max, rng);
    if (used.test(port) || avoid.has(port)) continue;
    return port;
  }
  return -1;
}

// nomad/structs/network.go getDynamicPortsPrecise, for one port: every free port of [min, max]
// (Bitmap.IndexesInRangeFiltered is inclusive), less the ask's statics and the offer's ports,
// then one of them at a uniformly random index (rand.Intn(numAvailable)). -1 when none.
int dynamic_port_precise(const PortSet& used, int free_in_range, int min, int max,
                         const Avoid& avoid, sim::Rng& rng) {
  std::vector<int> excluded;
  for (const auto list : {avoid.reserved, avoid.in_offer}) {
    for (const int p : list) {
      if (p >= min && p <= max && !used.test(p)) excluded.push_back(p);
    }
  }
  std::sort(excluded.begin(), excluded.end());
  excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
  const int available = free_in_range - static_cast<int>(excluded.size());
  if (available <= 0) return -1;
  const int j = static_cast<int>(rng.below(static_cast<std::uint64_t>(available)));
  return used.nth_free_in_range(min, max, j, excluded);
}

}  // namespace

std::string network_exhausted_dimension(std::string_view assign_error) {
  // scheduler/feasible/rank.go BinPackIterator.Next: ExhaustedNode(node, fmt.Sprintf("network:
  // %s", err)); nomad/job_endpoint_test.go expects "network: reserved port collision http=80".
  return cat({"network: ", assign_error});
}

NetworkIndex::NetworkIndex(const NetworkConfig& config)
    : min_dynamic_(config.min_dynamic_port), max_dynamic_(config.max_dynamic_port) {
  check_port(min_dynamic_, "min_dynamic_port");
  check_port(max_dynamic_, "max_dynamic_port");
  if (min_dynamic_ > max_dynamic_) {
    throw std::invalid_argument(cat({"min_dynamic_port ", num(min_dynamic_),
                                     " is above max_dynamic_port ", num(max_dynamic_)}));
  }
  for (const int p : config.reserved_ports) check_port(p, "reserved_ports");

  std::vector<HostNetwork> host_networks;
  const bool names_default =
      std::any_of(config.host_networks.begin(), config.host_networks.end(),
                  [](const HostNetwork& h) { return h.name == kDefaultHostNetwork; });
  if (!names_default) {
    host_networks.push_back({std::string(kDefaultHostNetwork), config.address, {}});
  }
  host_networks.insert(host_networks.end(), config.host_networks.begin(),
                       config.host_networks.end());

  // NetworkIndex.SetNode: every address gets the node's reserved ports, then its own network's.
  for (const HostNetwork& h : host_networks) {
    const int pool = pool_for(h.address);
    auto net = std::find_if(networks_.begin(), networks_.end(),
                            [&](const Network& n) { return n.name == h.name; });
    if (net == networks_.end()) {
      // Built in place: moving a temporary's empty small_vector trips g++ 12's false
      // -Wstringop-overread inside Boost.
      networks_.emplace_back().name = h.name;
      net = networks_.end() - 1;
    }
    net->pools.push_back(pool);
    for (const int p : config.reserved_ports) mark(pools_[static_cast<std::size_t>(pool)], p);
    for (const int p : h.reserved_ports) {
      check_port(p, cat({"reserved_ports of host network \"", h.name, "\""}));
      mark(pools_[static_cast<std::size_t>(pool)], p);
    }
  }
  // The "default" network is always there: added above or named by the config.
  default_address_ =
      pools_[static_cast<std::size_t>(find_network(kDefaultHostNetwork)->pools.front())].address;
}

PortAssignment NetworkIndex::assign(std::span<const PortAsk> asks, sim::Rng& rng) const {
  // nomad/structs/network.go NetworkIndex.AssignPorts (group network asks; the deprecated
  // task-level AssignTaskNetwork, with its "bandwidth exceeded" check, is not modelled).
  // The scratch lists live on the stack for groups of a few ports: assign() runs for every
  // node scored, and two heap blocks each time were a tenth of a large run's time.
  std::vector<AssignedPort> offer;
  offer.reserve(asks.size());
  boost::container::small_vector<int, 8> ports_in_offer;
  boost::container::small_vector<std::pair<int, int>, 4> statics_in_offer;  // (pool, port)
  // reservedIdx: the ask's static ports, by host network.
  std::vector<std::pair<std::string_view, std::vector<int>>> reserved_idx;
  auto statics_on = [&](std::string_view network) -> std::span<const int> {
    for (const auto& [name, ports] : reserved_idx) {
      if (name == network) return ports;
    }
    return {};
  };
  auto no_addresses = [](const PortAsk& ask) {
    return PortAssignment::failure(
        cat({"no addresses available for ", ask.host_network, " network"}));
  };

  // Static ports first, in ask order: the first address of the host network where the port is
  // free (the newest AssignPorts tries each address; Nomad 1.0 to 1.7 failed on the first).
  for (const PortAsk& ask : asks) {
    if (ask.static_port == 0) continue;
    const auto known = std::find_if(reserved_idx.begin(), reserved_idx.end(),
                                    [&](const auto& e) { return e.first == ask.host_network; });
    if (known == reserved_idx.end()) {
      reserved_idx.emplace_back(ask.host_network, std::vector<int>{ask.static_port});
    } else {
      known->second.push_back(ask.static_port);
    }
    const Network* net = find_network(ask.host_network);
    if (net == nullptr || net->pools.empty()) return no_addresses(ask);
    if (!valid_port(ask.static_port)) {
      return PortAssignment::failure(
          cat({"invalid port ", num(ask.static_port), " (out of range)"}));
    }
    int taken = -1;
    for (const int pool : net->pools) {
      const bool in_offer = std::find(statics_in_offer.begin(), statics_in_offer.end(),
                                      std::pair{pool, ask.static_port}) != statics_in_offer.end();
      // Nomad's AssignPorts checks only the index, so one static port asked twice by one
      // group passes it (job validation rejects that first: TaskGroup.validateNetworks,
      // "Static port %d already reserved by %s"); here the second ask collides instead.
      if (pools_[static_cast<std::size_t>(pool)].used.test(ask.static_port) || in_offer) {
        continue;
      }
      taken = pool;
      break;
    }
    if (taken < 0) {
      // AssignPorts: fmt.Errorf("reserved port collision %s=%d", port.Label, port.Value).
      return PortAssignment::failure(
          cat({"reserved port collision ", ask.label, "=", num(ask.static_port)}));
    }
    offer.push_back(
        {ask.label, pools_[static_cast<std::size_t>(taken)].address, ask.static_port, ask.to});
    ports_in_offer.push_back(ask.static_port);
    statics_in_offer.emplace_back(taken, ask.static_port);
  }

  // Then dynamic ports, in ask order: per address, the stochastic pick, then the precise scan;
  // the next address only when the scan finds nothing there.
  for (const PortAsk& ask : asks) {
    if (ask.static_port != 0) continue;
    const Network* net = find_network(ask.host_network);
    if (net == nullptr || net->pools.empty()) return no_addresses(ask);
    const Avoid avoid{statics_on(ask.host_network),
                      std::span<const int>(ports_in_offer.data(), ports_in_offer.size())};
    int port = -1;
    const Pool* where = nullptr;
    for (const int pool_index : net->pools) {
      const Pool& pool = pools_[static_cast<std::size_t>(pool_index)];
      port = dynamic_port_stochastic(pool.used, min_dynamic_, max_dynamic_, avoid, rng);
      if (port < 0) {
        port = dynamic_port_precise(pool.used, dynamic_range_size() - pool.used_dynamic,
                                    min_dynamic_, max_dynamic_, avoid, rng);
      }
      if (port >= 0) {
        where = &pool;
        break;
      }
    }
    // getDynamicPortsPrecise: fmt.Errorf("dynamic port selection failed").
    if (where == nullptr) return PortAssignment::failure("dynamic port selection failed");
    offer.push_back({ask.label, where->address, port, ask.to == -1 ? port : ask.to});
    ports_in_offer.push_back(port);
  }
  return PortAssignment::success(std::move(offer));
}

void NetworkIndex::prefetch_first_draw(std::span<const PortAsk> asks, sim::Rng rng,
                                       int draws_before) const {
  const auto ask =
      std::find_if(asks.begin(), asks.end(), [](const PortAsk& a) { return a.static_port == 0; });
  if (ask == asks.end()) return;
  const Network* net = find_network(ask->host_network);
  if (net == nullptr || net->pools.empty()) return;
  const PortSet& used = pools_[static_cast<std::size_t>(net->pools.front())].used;
  if (!used.has_bitmap()) return;  // its few ports are inline, in the record: nothing to load
  // The draws dynamic_port_stochastic would make: the others' first attempts, then this one's.
  for (int i = 0; i < draws_before; ++i) random_dynamic_port(min_dynamic_, max_dynamic_, rng);
  used.prefetch(random_dynamic_port(min_dynamic_, max_dynamic_, rng));
}

std::string NetworkIndex::commit(int alloc_id, std::span<const AssignedPort> ports) {
  if (ports.empty()) return "";
  const auto at = first_held(alloc_id);
  if (at != held_.end() && at->alloc == alloc_id) {
    return cat({"allocation ", num(alloc_id), " already holds ports"});
  }
  // NetworkIndex.AddReservedPorts, made all or nothing: on a collision the ports marked so far
  // are unmarked again. An address the config does not list gets a pool on first use
  // (getUsedPortsFor).
  boost::container::small_vector<Held, 4> holding;
  auto undo = [&](std::string reason) {
    for (const Held& h : holding) unmark(pools_[static_cast<std::size_t>(h.pool)], h.port);
    return reason;
  };
  for (const AssignedPort& p : ports) {
    if (!valid_port(p.value)) return undo(cat({"invalid port ", num(p.value)}));
    const int pool = pool_for(p.address);
    Pool& target = pools_[static_cast<std::size_t>(pool)];
    if (target.used.test(p.value)) {
      return undo(cat({"port ", num(p.value), " already in use"}));
    }
    mark(target, p.value);
    holding.push_back({alloc_id, pool, p.value});
  }
  // `at` is still valid: pool_for adds to pools_, not to held_.
  held_.insert(at, holding.begin(), holding.end());
  ++holders_;
  return "";
}

bool NetworkIndex::release(int alloc_id) {
  const auto first = first_held(alloc_id);
  auto last = first;
  while (last != held_.end() && last->alloc == alloc_id) {
    unmark(pools_[static_cast<std::size_t>(last->pool)], last->port);
    ++last;
  }
  if (first == last) return false;
  held_.erase(first, last);
  --holders_;
  return true;
}

std::vector<NetworkIndex::Held>::iterator NetworkIndex::first_held(int alloc_id) {
  return std::lower_bound(held_.begin(), held_.end(), alloc_id,
                          [](const Held& h, int id) { return h.alloc < id; });
}

bool NetworkIndex::has_host_network(std::string_view name) const {
  const Network* net = find_network(name);
  return net != nullptr && !net->pools.empty();
}

std::vector<std::string> NetworkIndex::addresses(std::string_view host_network) const {
  std::vector<std::string> out;
  if (const Network* net = find_network(host_network)) {
    for (const int pool : net->pools) out.push_back(pools_[static_cast<std::size_t>(pool)].address);
  }
  return out;
}

bool NetworkIndex::is_used(std::string_view address, int port) const {
  const Pool* pool = find_pool(address);
  return pool != nullptr && pool->used.test(port);
}

int NetworkIndex::used_count(std::string_view address) const {
  const Pool* pool = find_pool(address);
  return pool == nullptr ? 0 : pool->used.count();
}

int NetworkIndex::free_dynamic_count(std::string_view address) const {
  const Pool* pool = find_pool(address);
  return dynamic_range_size() - (pool == nullptr ? 0 : pool->used_dynamic);
}

const NetworkIndex::Pool* NetworkIndex::find_pool(std::string_view address) const {
  for (const Pool& pool : pools_) {
    if (pool.address == address) return &pool;
  }
  return nullptr;
}

int NetworkIndex::pool_for(const std::string& address) {
  if (const Pool* pool = find_pool(address)) return static_cast<int>(pool - pools_.data());
  pools_.push_back(Pool{address, PortSet{}, 0});
  return static_cast<int>(pools_.size()) - 1;
}

const NetworkIndex::Network* NetworkIndex::find_network(std::string_view name) const {
  for (const Network& net : networks_) {
    if (net.name == name) return &net;
  }
  return nullptr;
}

void NetworkIndex::mark(Pool& pool, int port) {
  if (pool.used.set(port) && in_dynamic_range(port)) ++pool.used_dynamic;
}

void NetworkIndex::unmark(Pool& pool, int port) {
  if (pool.used.reset(port) && in_dynamic_range(port)) --pool.used_dynamic;
}

}  // namespace portolan::models
