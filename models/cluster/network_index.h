// A node's port pools: Nomad's NetworkIndex (nomad/structs/network.go) for group network asks.
//
// Ports are tracked per host address, one PortSet each (NetworkIndex.UsedPorts). A port is
// used when the node reserves it (client `reserved.reserved_ports`, on every address; a host
// network's `reserved_ports`, on that network's address: SetNode) or when a committed
// allocation holds it (AddAllocs / AddReservedPorts). Host networks are found by name
// (NetworkIndex.HostNetworks); the node's own network is "default" (NetworkResource.Canonicalize
// gives a port without host_network that name). One dynamic range applies to every address.
//
// Nomad's two steps are kept apart: assign() proposes ports for a group's asks and changes
// nothing (NetworkIndex.AssignPorts); commit() makes an allocation's ports used and release()
// frees them when it stops. Random picks come only from the sim::Rng the caller passes, so a
// seed gives the same ports every run.
//
// Invariants: a port is held by at most one allocation per address; reserved ports are never
// held by an allocation; the per-address counts equal the set sizes.
#ifndef PORTOLAN_MODELS_CLUSTER_NETWORK_INDEX_H_
#define PORTOLAN_MODELS_CLUSTER_NETWORK_INDEX_H_

#include <boost/container/small_vector.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/cluster/port_set.h"
#include "sim/rng.h"

namespace portolan::models {

// nomad/structs/network.go: DefaultMinDynamicPort, DefaultMaxDynamicPort, maxRandPortAttempts.
inline constexpr int kDefaultMinDynamicPort = 20000;
inline constexpr int kDefaultMaxDynamicPort = 32000;
inline constexpr int kMaxRandPortAttempts = 20;
inline constexpr std::string_view kDefaultHostNetwork = "default";

// A client `host_network` block: a name, the address it stands for, ports reserved on it.
struct HostNetwork {
  std::string name;
  std::string address;
  std::vector<int> reserved_ports;
};

// What a node's client config says about its network.
struct NetworkConfig {
  // The address of the "default" network (the fingerprinted `network_interface`); used
  // unless `host_networks` names a "default" network itself.
  std::string address;
  std::vector<HostNetwork> host_networks;
  // `client.reserved.reserved_ports`: reserved on every address of the node.
  std::vector<int> reserved_ports;
  // `client.min_dynamic_port` / `max_dynamic_port`, inclusive.
  int min_dynamic_port = kDefaultMinDynamicPort;
  int max_dynamic_port = kDefaultMaxDynamicPort;
};

// One port of a group's `network` block (Nomad's Port in NetworkResource.ReservedPorts when
// static, DynamicPorts otherwise).
struct PortAsk {
  std::string label;
  int static_port = 0;  // 0: dynamic
  int to = 0;           // port inside the allocation; -1: the same as the host port
  std::string host_network = std::string(kDefaultHostNetwork);
};

// One port of an offer (Nomad's AllocatedPortMapping).
struct AssignedPort {
  std::string label;
  std::string address;  // HostIP
  int value = 0;        // the host port
  int to = 0;
};

// The outcome of NetworkIndex::assign: the ports, or Nomad's error text.
class PortAssignment {
 public:
  static PortAssignment success(std::vector<AssignedPort> ports) {
    PortAssignment a;
    a.ports_ = std::move(ports);
    return a;
  }
  static PortAssignment failure(std::string error) {
    PortAssignment a;
    a.error_ = std::move(error);
    return a;
  }
  bool ok() const { return error_.empty(); }
  // Empty on success; otherwise AssignPorts' error, e.g. "reserved port collision http=80".
  const std::string& error() const { return error_; }
  // Statics first, then dynamics, each in ask order (the order of AssignPorts' offer).
  const std::vector<AssignedPort>& ports() const { return ports_; }
  std::vector<AssignedPort> take_ports() { return std::move(ports_); }

 private:
  std::vector<AssignedPort> ports_;
  std::string error_;
};

// The exhausted dimension the scheduler records when assign() fails on a node:
// "network: " + error (scheduler/feasible/rank.go BinPackIterator.Next).
std::string network_exhausted_dimension(std::string_view assign_error);

class NetworkIndex {
 public:
  // A node with only a "default" network at an empty address and Nomad's defaults.
  NetworkIndex() : NetworkIndex(NetworkConfig{}) {}
  // Throws std::invalid_argument on a port outside [0, 65535] or an empty or inverted dynamic
  // range (Nomad's client refuses to start with those).
  explicit NetworkIndex(const NetworkConfig& config);

  // Ports for one group's asks, or why not (NetworkIndex.AssignPorts). Changes nothing.
  PortAssignment assign(std::span<const PortAsk> asks, sim::Rng& rng) const;

  // Marks `ports` used, held by allocation `alloc_id`. All or nothing: returns "" on success,
  // else AddReservedPorts' reason ("port 80 already in use", "invalid port 70000") or
  // "allocation N already holds ports", and changes nothing.
  std::string commit(int alloc_id, std::span<const AssignedPort> ports);
  // Frees the ports `alloc_id` holds; false when it holds none.
  bool release(int alloc_id);

  bool has_host_network(std::string_view name) const;
  // The addresses of a host network, in the node's order; empty when the node lacks it.
  std::vector<std::string> addresses(std::string_view host_network) const;
  const std::string& default_address() const { return default_address_; }

  int min_dynamic_port() const { return min_dynamic_; }
  int max_dynamic_port() const { return max_dynamic_; }
  int dynamic_range_size() const { return max_dynamic_ - min_dynamic_ + 1; }
  // A cache hint: the index's own arrays (not the port bitmaps) are about to be read.
  void prefetch() const {
    if (!networks_.empty()) __builtin_prefetch(networks_.data());
    if (!pools_.empty()) __builtin_prefetch(pools_.data());
  }

  // A cache hint for assign(asks, ...) on a stream that is now at `rng` and will first make
  // `draws_before` dynamic-port draws elsewhere (the nodes scored before this one): loads the
  // bitmap word this index's first random port would test. Works on a copy of the stream; a
  // wrong guess (another number of draws came between) costs only the load.
  void prefetch_first_draw(std::span<const PortAsk> asks, sim::Rng rng, int draws_before) const;

  // Reserved or held by an allocation.
  bool is_used(std::string_view address, int port) const;
  // Ports used on `address`, reservations included (0 for an address the node never saw).
  int used_count(std::string_view address) const;
  // Ports of the dynamic range neither reserved nor held on `address`.
  int free_dynamic_count(std::string_view address) const;
  // The same on the default network's address.
  int free_dynamic_count() const { return free_dynamic_count(default_address_); }
  // Allocations holding ports.
  int holder_count() const { return holders_; }

 private:
  struct Pool {
    std::string address;
    PortSet used;
    int used_dynamic = 0;  // members of `used` within the dynamic range
  };
  struct Network {
    std::string name;
    // Indices into pools_, in the node's order. Inline for the usual one or two addresses: a
    // separate heap block was one more dependent miss on every node the scheduler scores.
    boost::container::small_vector<int, 2> pools;
  };

  const Pool* find_pool(std::string_view address) const;
  int pool_for(const std::string& address);  // finds or adds
  const Network* find_network(std::string_view name) const;
  void mark(Pool& pool, int port);
  void unmark(Pool& pool, int port);
  bool in_dynamic_range(int port) const { return port >= min_dynamic_ && port <= max_dynamic_; }

  // Inline for the usual single address and network, inside the node record the scheduler has
  // already fetched: as heap blocks of their own they were two dependent misses (and TLB misses,
  // the heap being in 4 KiB pages) before the port bitmap of every node scored.
  boost::container::small_vector<Pool, 1> pools_;
  boost::container::small_vector<Network, 1> networks_;
  std::string default_address_;
  int min_dynamic_ = kDefaultMinDynamicPort;
  int max_dynamic_ = kDefaultMaxDynamicPort;
  // The ports allocations hold, sorted by allocation id (an allocation's in commit order):
  // flat, 12 bytes a port, where a hash map spent a node and a vector per allocation. Ids grow
  // over a run, so a commit mostly appends.
  struct Held {
    int alloc;
    int pool;  // index into pools_
    int port;
  };
  // The first entry of `alloc_id`, or where its entries would go.
  std::vector<Held>::iterator first_held(int alloc_id);

  std::vector<Held> held_;
  int holders_ = 0;  // allocations with an entry in held_
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_NETWORK_INDEX_H_
