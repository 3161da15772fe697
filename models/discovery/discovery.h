// Service discovery as consumers experience it: when each consumer first holds a producer
// instance's address (discovery latency) and how long it keeps a dead one (stale time).
//
// The engine reports allocation lifecycle events; Discovery turns them into registry changes
// and, per consumer allocation, into the moments the consumer's view changes, by the path the
// consumer uses (design sections 3 and 7):
// - nomad provider: client -> servers RPC and a Raft commit; when a node is lost the servers
//   drop its allocations' registrations as they mark it down (heartbeat TTL).
// - consul provider: the local agent registers the service and pushes it to the catalog at
//   once (agent/ae/ae.go SyncChanges); with a check, the instance is returned by health
//   queries only once its first check passed (agent/checks: first run after
//   RandomStagger(interval)). A node that dies takes its agent with it: the catalog learns
//   through gossip failure detection (memberlist suspicion timeout), then commits.
// - template: the blocking query returns one server->client hop after the change;
//   consul-template quiescence (wait min/max) delays the render; change_mode restart adds a
//   task restart (one driver start).
// - dns: a consumer re-resolves on its first request after its cached answer expires (TTL).
// - connect: the agent's proxy-config watch wakes one hop after the change, then Envoy
//   applies the xDS update (xds_push).
// - env / localhost: no registry; env reaches its own allocation's ports, localhost reaches a
//   producer only on the same node and keeps "holding" a dead one until the run ends.
// Requests to a dead instance fail until the consumer forgets it: a Poisson count at the
// consumer's request rate, spread evenly over the addresses it held, over the stale window.
//
// Randomness comes from the "discovery" stream only. Not thread-safe; one per run.
#ifndef PORTOLAN_MODELS_DISCOVERY_DISCOVERY_H_
#define PORTOLAN_MODELS_DISCOVERY_DISCOVERY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/cluster/topology.h"
#include "models/discovery/gossip.h"
#include "models/discovery/template_render.h"
#include "models/results/results.h"
#include "models/spec/allocation.h"
#include "models/spec/model.h"
#include "sim/rng.h"
#include "sim/simulator.h"

namespace portolan::models {

class Discovery {
 public:
  Discovery(const Model& model, sim::Simulator& sim, const sim::RngStreams& streams,
            const Cluster& cluster, const AllocationTable& allocs, RunResult& result);
  ~Discovery();

  // A node joined the cluster (in index order); call before allocations land on it.
  void on_node_added(int node);
  // Time from placement until the allocation's tasks run: the client learns of it (one
  // server->client hop, client/client.go watchAllocations), then the driver starts the tasks.
  sim::Time start_delay(int alloc);
  // Time for a task restart on its client: one driver start.
  sim::Time restart_delay(int alloc);
  // An allocation's tasks are running: it registers its services and, if it consumes any,
  // starts watching. Returns when its Consul checks will first pass (now when it has none):
  // Nomad's health_check "checks" waits for that.
  sim::Time on_running(int alloc);
  // A graceful stop decided now: services deregister at once (the group service hook's
  // PreKill), the tasks keep serving until `dead_at` (shutdown_delay).
  void on_stopped(int alloc, sim::Time dead_at);
  // The node died now, its allocations and its Consul agent with it.
  void on_node_failed(int node);
  // The servers marked the node down: Nomad-native registrations of its allocations go.
  void on_node_down(int node);
  // Closes, at the simulator's now, the stale windows still open at the end of the run.
  void finish();

 private:
  struct Instance;
  struct Watch;

  sim::Time driver_start(const std::string& driver, sim::Rng& rng);
  // The stream of one mechanism and entity ("driver/<alloc id>", "gossip/<node>"...), made at
  // its first use: a draw for one never moves another's (common random numbers).
  // `key` is a dense id (allocation or node); the stream is named `prefix` + `name`, and the
  // name is built only when the stream is made.
  using StreamTable = std::vector<std::optional<sim::Rng>>;
  sim::Rng& stream(StreamTable& streams, int key, const char* prefix, const std::string& name);
  sim::Time server_hop(int node) const;  // one way between a node and its servers
  sim::Time commit(bool consul) const;   // Raft commit on the Nomad or Consul servers
  void registry_add(int instance);
  void registry_remove(int instance);
  void notify_watchers(int service, sim::Time at);
  void dns_changed(int watch, sim::Time at);
  void template_changed(int watch);
  // The consumer now holds `view` (instance ids, ascending); with `additive`, on top of what it
  // holds.
  void apply_view(int watch, const std::vector<int>& view, bool additive);
  // The instances in the registry of a service (by its key), ascending.
  const std::vector<int>& registered(int service) const {
    return registered_[static_cast<std::size_t>(service)];
  }
  void forget(int watch, int instance);
  void stop_watches(int alloc);

  const Model& model_;
  sim::Simulator& sim_;
  const Cluster& cluster_;
  const AllocationTable& allocs_;
  RunResult& result_;
  const sim::RngStreams& streams_;
  StreamTable driver_rngs_;                          // by allocation: its task starts
  StreamTable check_rngs_;                           // by allocation: its first checks' stagger
  StreamTable gossip_rngs_;                          // by node: failure detection of its agent
  std::map<std::pair<int, int>, int> watches_made_;  // (consumer, allocation) -> watches so far
  Topology topology_;
  // server_hop by node, -1 until asked: a topology query compares datacenter names and reads a
  // distance table at the node's vertex, a cache miss on every placement of a large cluster.
  // Cleared when a node joins (the servers' datacenter may only now have a node).
  mutable std::vector<sim::Time> server_hops_;
  GossipConfig gossip_;
  int consul_agents_ = 0;
  // The members of the LAN gossip pool that can notice a dead agent (see on_node_failed).
  int gossip_members() const;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::vector<std::unique_ptr<Watch>> watches_;
  std::map<std::pair<int, int>, std::vector<int>> services_by_group_;   // (job, group) ->
  std::map<std::pair<int, int>, std::vector<int>> consumers_by_group_;  // model indexes
  // Services are keyed by name (several groups may offer one, consumers name it): each name
  // has a dense key, made once, so that the registry and the watches are vectors by key and a
  // registry change looks no string up. Instance and watch ids are dense too: the indexes by
  // allocation and node are vectors, grown as ids appear. Sets of instances are sorted vectors.
  std::vector<int> service_key_;   // by model.services index
  std::vector<int> consumer_key_;  // by model.consumers index: the key of the service it uses
  std::vector<std::vector<int>> instances_by_service_;
  std::vector<std::vector<int>> registered_;  // by key: the instances in the registry
  std::vector<std::vector<int>> watches_by_service_;
  std::vector<std::vector<int>> instances_by_alloc_;
  std::vector<std::vector<int>> instances_by_node_;
  std::vector<std::vector<int>> watches_by_alloc_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_DISCOVERY_DISCOVERY_H_
