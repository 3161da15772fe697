#include "scenarios/running_allocations.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "scenarios/group_resources.h"

namespace portolan::scenario {
namespace {

constexpr char kDefaultNetwork[] = "default";

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

const Job* find_job(const Scenario& s, const std::string& name) {
  for (const auto& j : s.jobs()) {
    if (j.name() == name) return &j;
  }
  return nullptr;
}

const Group* find_group(const Job& job, const std::string& name) {
  for (const auto& g : job.groups()) {
    if (g.name() == name) return &g;
  }
  return nullptr;
}

// The nodes present at t = 0, by name: their pool's index.
std::map<std::string, int> initial_nodes(const Cluster& c) {
  std::map<std::string, int> nodes;
  for (int i = 0; i < c.pools_size(); ++i) {
    const NodePool& p = c.pools(i);
    // A count beyond the validator's 1,000,000 is reported there; name no more than that.
    for (int k = 0; k < std::min(p.count(), 1'000'000); ++k) {
      nodes.emplace(k < p.node_names_size() ? p.node_names(k) : p.name() + "-" + std::to_string(k),
                    i);
    }
  }
  return nodes;
}

// The group's host port labels with their static value (0: dynamic) and host network, Connect
// sidecars' injected dynamic ports included.
std::map<std::string, std::pair<int, std::string>> port_labels(const Group& g) {
  std::map<std::string, std::pair<int, std::string>> labels;
  for (const auto& p : g.network().ports()) {
    labels[p.label()] = {p.static_(),
                         p.host_network().empty() ? kDefaultNetwork : p.host_network()};
  }
  for (const auto& svc : g.services()) {
    if (svc.connect().sidecar_service()) {
      labels["connect-proxy-" + svc.name()] = {0, kDefaultNetwork};
    }
  }
  return labels;
}

class Checker {
 public:
  explicit Checker(const LoadedScenario& loaded)
      : loaded_(loaded), s_(loaded.scenario), nodes_(initial_nodes(s_.cluster())) {}

  std::vector<Problem> run() {
    for (int i = 0; i < s_.allocations_size(); ++i) check(i);
    return std::move(problems_);
  }

 private:
  struct NodeUse {
    GroupResources used;
    std::map<std::pair<std::string, int>, std::string> ports;  // (network, port) -> holder
  };

  void report(int i, const char* field, const std::string& where, const std::string& message) {
    FieldPath path = {{"allocations", i}};
    if (field != nullptr) path.push_back({field});
    problems_.push_back(Problem{loaded_.source_name, loaded_.line_of(path), where, message});
  }

  void check(int i) {
    const RunningAllocation& a = s_.allocations(i);
    const std::string name = a.job() + "." + a.group() + "[" + std::to_string(a.index()) + "]";
    const std::string where = "running allocation " + quoted(name);
    const Job* job = find_job(s_, a.job());
    if (job == nullptr)
      return report(i, "job", where, "job " + quoted(a.job()) + " is not in the scenario");
    const Group* group = find_group(*job, a.group());
    if (group == nullptr) {
      return report(i, "group", where,
                    "job " + quoted(a.job()) + " has no group " + quoted(a.group()));
    }
    for (const auto& e : s_.timeline()) {
      if (e.has_submit_job() && e.submit_job().job() == a.job()) {
        return report(i, "job", where,
                      "job " + quoted(a.job()) + " is submitted at " + e.at() +
                          " by the timeline, but its allocations run at t = 0 (drop the "
                          "submit_job event: a job with running allocations is registered)");
      }
    }
    const bool system = job->type() == "system" || job->type() == "sysbatch";
    if (a.index() < 0 || (system && a.index() != 0)) {
      return report(
          i, "index", where,
          "index " + std::to_string(a.index()) +
              (system ? " is not 0 (a system job's allocations are all [0])" : " is negative"));
    }
    const auto node = nodes_.find(a.node());
    if (node == nodes_.end()) {
      return report(i, "node", where,
                    "node " + quoted(a.node()) + " is not a node of the cluster at t = 0");
    }
    const std::string key = system ? name + "@" + a.node() : name;
    if (!names_.insert(key).second) {
      return report(i, nullptr, where,
                    system ? "listed twice on node " + quoted(a.node())
                           : "listed twice (allocation names are unique)");
    }
    check_ports(i, *group, name, where, a);
    add_resources(i, *group, where, node->second, a.node());
  }

  void check_ports(int i, const Group& g, const std::string& name, const std::string& where,
                   const RunningAllocation& a) {
    const auto labels = port_labels(g);
    std::set<std::string> given;
    NodeUse& use = use_[a.node()];
    const NodePool& pool = s_.cluster().pools(nodes_.at(a.node()));
    for (const auto& p : a.ports()) {
      const auto it = labels.find(p.label());
      if (it == labels.end()) {
        report(i, "ports", where, "port " + quoted(p.label()) + " is not a port of the group");
        continue;
      }
      if (!given.insert(p.label()).second) {
        report(i, "ports", where, "port " + quoted(p.label()) + " is listed twice");
        continue;
      }
      const auto [static_port, network] = it->second;
      if (p.value() < 1 || p.value() > 65535) {
        report(i, "ports", where,
               "port " + quoted(p.label()) + " value " + std::to_string(p.value()) +
                   " is not in 1..65535");
        continue;
      }
      if (static_port != 0 && p.value() != static_port) {
        report(i, "ports", where,
               "port " + quoted(p.label()) + " holds " + std::to_string(p.value()) +
                   " but the group's static port is " + std::to_string(static_port));
        continue;
      }
      if (reserved(pool, network, p.value())) {
        report(i, "ports", where,
               "port " + quoted(p.label()) + " " + std::to_string(p.value()) +
                   " is reserved on node " + quoted(a.node()));
        continue;
      }
      const auto [held, inserted] = use.ports.emplace(std::pair{network, p.value()}, name);
      if (!inserted) {
        report(i, "ports", where,
               "port " + std::to_string(p.value()) + " on node " + quoted(a.node()) +
                   " is already held by " + held->second);
      }
    }
    for (const auto& [label, spec] : labels) {
      if (!given.count(label)) {
        report(i, "ports", where,
               "port " + quoted(label) + " of the group has no value (list every port)");
      }
    }
  }

  static bool reserved(const NodePool& pool, const std::string& network, int port) {
    std::vector<int> ports;
    if (parse_port_list(pool.reserved().reserved_ports(), &ports)) {
      for (const int r : ports) {
        if (r == port) return true;
      }
    }
    for (const auto& hn : pool.host_networks()) {
      if (hn.name() != network || !parse_port_list(hn.reserved_ports(), &ports)) continue;
      for (const int r : ports) {
        if (r == port) return true;
      }
    }
    return false;
  }

  void add_resources(int i, const Group& g, const std::string& where, int pool_index,
                     const std::string& node) {
    const NodePool& pool = s_.cluster().pools(pool_index);
    const GroupResources ask = group_resources(g);
    NodeUse& use = use_[node];
    use.used.cpu_mhz += ask.cpu_mhz;
    use.used.memory_mb += ask.memory_mb;
    use.used.disk_mb += ask.disk_mb;
    const struct {
      const char* name;
      std::int64_t used, capacity;
    } dims[] = {
        {"cpu", use.used.cpu_mhz, pool.resources().cpu_mhz() - pool.reserved().cpu_mhz()},
        {"memory", use.used.memory_mb, pool.resources().memory_mb() - pool.reserved().memory_mb()},
        {"disk", use.used.disk_mb, pool.resources().disk_mb() - pool.reserved().disk_mb()},
    };
    for (const auto& d : dims) {
      if (d.used > d.capacity) {
        report(i, nullptr, where,
               std::string(d.name) + " on node " + quoted(node) + " is exhausted: the running " +
                   "allocations listed so far need " + std::to_string(d.used) + ", the node has " +
                   std::to_string(d.capacity) + " (capacity less reserved)");
      }
    }
  }

  const LoadedScenario& loaded_;
  const Scenario& s_;
  const std::map<std::string, int> nodes_;
  std::set<std::string> names_;
  std::map<std::string, NodeUse> use_;
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> check_running_allocations(const LoadedScenario& loaded) {
  // Without allocations there is nothing to check, and no need to name every node (a pool of
  // 2147483647 nodes, refused by the validator, made this map exhaust memory).
  if (loaded.scenario.allocations_size() == 0) return {};
  return Checker(loaded).run();
}

}  // namespace portolan::scenario
