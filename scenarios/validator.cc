#include "scenarios/validator.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "scenarios/alloc_name.h"
#include "scenarios/datacenter_glob.h"
#include "scenarios/duration.h"
#include "scenarios/job_consumers.h"
#include "scenarios/re2_syntax.h"
#include "scenarios/run_memory.h"
#include "scenarios/running_allocations.h"
#include "scenarios/suggest.h"
#include "scenarios/utf8_check.h"

namespace portolan::scenario {
namespace {

// The range of every rate a scenario gives (requests, heartbeats per second).
constexpr double kMinRate = 1e-6;
constexpr double kMaxRate = 1e6;
// The longest node attribute or meta value accepted.
constexpr std::size_t kMaxValueLength = 4096;
// The most nodes a pool may reach and the largest group count: beyond a few times C2M's scale
// (2,000,000 allocations on 6,100 nodes) a run would not fit in memory.
constexpr int kMaxNodes = 1'000'000;
constexpr int kMaxCount = 10'000'000;
// The largest cpu (MHz), memory or disk (MB) a node or task may give: sums over any cluster
// the limits above allow stay far from int64.
constexpr std::int64_t kMaxResource = 1'000'000'000'000;
// The longest duration accepted (about 14 months): sums of a few stay far from the int64
// nanoseconds the engine counts in.
constexpr std::int64_t kMaxDuration = std::int64_t{10000} * 3600 * 1'000'000'000;

std::string shortest(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

const std::set<std::string> kJobTypes = {"service", "batch", "system", "sysbatch"};
const std::set<std::string> kProviders = {"consul", "nomad"};
const std::set<std::string> kAlgorithms = {"binpack", "spread", "optimal"};
const std::set<std::string> kConsumerPaths = {"env", "localhost", "template", "dns", "connect"};
const std::set<std::string> kLifecycleHooks = {"prestart", "poststart", "poststop"};
const std::set<std::string> kChangeModes = {"restart", "signal", "noop", "script"};
// structs.go Affinity.Validate's operands: the constraint ones but distinct_hosts,
// distinct_property, is_set and is_not_set.
const std::set<std::string> kAffinityOperators = {"=",
                                                  "==",
                                                  "is",
                                                  "!=",
                                                  "not",
                                                  "<",
                                                  "<=",
                                                  ">",
                                                  ">=",
                                                  "regexp",
                                                  "version",
                                                  "semver",
                                                  "set_contains",
                                                  "set_contains_all",
                                                  "set_contains_any"};
// scheduler/feasible/feasible.go checkConstraint's operands.
const std::set<std::string> kOperators = [] {
  std::set<std::string> operators = kAffinityOperators;
  operators.insert({"is_set", "is_not_set", "distinct_hosts", "distinct_property"});
  return operators;
}();
// structs.go RescheduleDelayFunctions.
const std::set<std::string> kDelayFunctions = {"constant", "exponential", "fibonacci"};

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// `value` is not among `allowed`: the message names them and the nearest one.
std::string not_one_of(const std::string& what, const std::string& value,
                       const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return what + " " + quoted(value) + " is not one of " + list + did_you_mean(value, allowed);
}

class Validator {
 public:
  Validator(const LoadedScenario& loaded, const ValidateOptions& options)
      : loaded_(loaded), s_(loaded.scenario), options_(options) {}

  std::vector<Problem> run() {
    check_strings();
    check_cluster();
    check_jobs();
    check_timeline();
    check_consumers();
    check_settings();
    for (auto& p : check_running_allocations(loaded_)) problems_.push_back(std::move(p));
    check_memory();
    for (auto& p : problems_) attribute_to_set(&p);
    return std::move(problems_);
  }

 private:
  void report(const FieldPath& path, const std::string& where, const std::string& message) {
    problems_.push_back(Problem{loaded_.source_name, loaded_.line_of(path), where, message, path});
  }

  // A problem in a value a --set gave is the --set's, not the file's line: the set path equals
  // the problem's path or leads into it, or the problem names the singular message holding the
  // set scalar (a pool's `resources`, a timeline event's `add_nodes`). A problem at an element
  // of a list (a job, a task) is not blamed on a --set of one of its scalars.
  void attribute_to_set(Problem* p) const {
    for (auto it = loaded_.overrides.rbegin(); it != loaded_.overrides.rend(); ++it) {
      const FieldPath& set = it->path;
      const auto same = [](const PathStep& a, const PathStep& b) {
        return a.field == b.field && (a.index == b.index || a.index < 0 || b.index < 0);
      };
      const bool leads_into =
          set.size() <= p->path.size() && std::equal(set.begin(), set.end(), p->path.begin(), same);
      const bool holder = set.size() == p->path.size() + 1 && !p->path.empty() &&
                          p->path.back().index < 0 &&
                          std::equal(p->path.begin(), p->path.end(), set.begin(), same);
      if (leads_into || holder) {
        p->source = it->text;
        p->line = 0;
        return;
      }
    }
  }

  // Every string of the scenario is UTF-8: results are JSON, which cannot carry other bytes
  // (an invalid constraint value failed the run in the JSON writer, after the simulation).
  void check_strings() {
    for (const auto& bad : invalid_utf8_strings(s_)) {
      report(bad.path, bad.dotted, "is not valid UTF-8 (" + bad.why + ")");
    }
  }

  // A run needs memory for its allocations, nodes and samples; past the limit it would end in
  // std::bad_alloc after minutes, so it is refused now, with the estimate.
  void check_memory() {
    const RunMemoryEstimate e = estimate_run_memory(s_);
    if (e.bytes <= options_.max_memory_bytes) return;
    // Reported at the run block (no path of its own, so that a --set of an unrelated run field
    // is not blamed), or at the last --set of a value the estimate counts.
    Problem problem{loaded_.source_name, loaded_.line_of({{"run"}}), "run", "", {}};
    for (auto it = loaded_.overrides.rbegin(); it != loaded_.overrides.rend(); ++it) {
      static const std::set<std::string> kCounted = {"horizon", "sample_interval", "count", "type"};
      if (!it->path.empty() && kCounted.count(it->path.back().field)) {
        problem.source = it->text;
        problem.line = 0;
        break;
      }
    }
    problem.message =
        "the run would need about " + format_memory_size(e.bytes) + " (" +
        std::to_string(e.allocations) + " allocations, " + std::to_string(e.nodes) + " nodes, " +
        std::to_string(e.samples) + " samples of " + std::to_string(e.series) +
        " series), above the limit of " + format_memory_size(options_.max_memory_bytes) +
        "; raise it with --max-memory (e.g. --max-memory 16GiB; Python: "
        "Scenario.set_max_memory) or lower the counts, the horizon or the sample_interval's "
        "resolution";
    problems_.push_back(std::move(problem));
  }

  void check_duration(const FieldPath& path, const std::string& where, const std::string& field,
                      const std::string& value) {
    const auto ns = parse_duration(value);
    if (!ns) {
      report(path, where, field + " " + quoted(value) + " is not a duration (e.g. \"30s\")");
    } else if (*ns > kMaxDuration) {
      report(path, where,
             field + " " + quoted(value) + " is longer than 10000h, the longest duration accepted");
    }
  }

  void check_cluster() {
    const Cluster& c = s_.cluster();
    if (!kAlgorithms.count(c.scheduler().algorithm())) {
      report({{"cluster"}, {"scheduler"}, {"algorithm"}}, "cluster scheduler",
             not_one_of("algorithm", c.scheduler().algorithm(), {"binpack", "spread", "optimal"}));
    }
    if (!c.servers().datacenter().empty() && !datacenter_known(c.servers().datacenter())) {
      report({{"cluster"}, {"servers"}, {"datacenter"}}, "cluster servers",
             "datacenter " + quoted(c.servers().datacenter()) + " is not in the cluster");
    }
    // Raft needs at least one server (a quorum of n is n / 2 + 1).
    if (c.servers().has_nomad_servers() && c.servers().nomad_servers() < 1) {
      report({{"cluster"}, {"servers"}, {"nomad_servers"}}, "cluster servers",
             "nomad_servers must be at least 1 (default 3)");
    }
    if (c.servers().has_consul_servers() && c.servers().consul_servers() < 0) {
      report({{"cluster"}, {"servers"}, {"consul_servers"}}, "cluster servers",
             "consul_servers must not be negative (default 3 with Consul agents, else 0)");
    }
    for (const auto& [field, value] :
         {std::pair<std::string, std::string>{"intra_rack", c.topology().intra_rack()},
          {"inter_rack", c.topology().inter_rack()},
          {"inter_dc", c.topology().inter_dc()},
          {"to_servers", c.topology().to_servers()}}) {
      check_duration({{"cluster"}, {"topology"}, {field}}, "cluster topology", field, value);
    }
    std::set<std::string> configured;
    for (int i = 0; i < c.node_pools_size(); ++i) {
      const NodePoolConfig& np = c.node_pools(i);
      const std::string where = "node pool " + quoted(np.name());
      // structs.NodePoolAll: the built-in pool of every node takes no configuration.
      if (np.name().empty() || np.name() == "all") {
        report({{"cluster"}, {"node_pools", i}, {"name"}}, where,
               np.name().empty() ? "has no name" : "\"all\" is built in and takes no settings");
      }
      if (!configured.insert(np.name()).second) {
        report({{"cluster"}, {"node_pools", i}, {"name"}}, where, "duplicate node pool");
      }
      const std::string& algorithm = np.scheduler_algorithm();
      if (!algorithm.empty() && algorithm != "binpack" && algorithm != "spread") {
        report({{"cluster"}, {"node_pools", i}, {"scheduler_algorithm"}}, where,
               not_one_of("scheduler_algorithm", algorithm, {"binpack", "spread"}));
      }
    }
    std::set<std::string> names;
    std::set<std::string> node_names;
    for (int i = 0; i < c.pools_size(); ++i) {
      const NodePool& p = c.pools(i);
      const FieldPath at = {{"cluster"}, {"pools", i}};
      const std::string where = "pool " + quoted(p.name());
      auto field = [&](const char* name) {
        FieldPath f = at;
        f.push_back({name});
        return f;
      };
      if (p.name().empty()) report(field("name"), "pool #" + std::to_string(i), "has no name");
      if (p.node_pool() == "all") {
        report(field("node_pool"), where,
               "nodes cannot register in the built-in node pool \"all\" (it holds every node)");
      }
      // std::regex matches recursively: a regexp constraint over a value of tens of thousands
      // of characters overflows the stack, so values are bounded (real ones are short).
      for (const auto& [kind, values] :
           {std::pair<const char*, const google::protobuf::Map<std::string, std::string>*>{
                "attributes", &p.attributes()},
            {"meta", &p.meta()}}) {
        for (const auto& [key, value] : *values) {
          if (value.size() > kMaxValueLength) {
            report(field(kind), where,
                   std::string(kind) + " " + quoted(key) + " is " + std::to_string(value.size()) +
                       " bytes long; at most " + std::to_string(kMaxValueLength) +
                       " are accepted (constraints match these values with regular expressions)");
          }
        }
      }
      if (!names.insert(p.name()).second) report(field("name"), where, "duplicate pool name");
      for (int n = 0; n < p.node_names_size(); ++n) {
        if (p.node_names(n).empty() || !node_names.insert(p.node_names(n)).second) {
          report({{"cluster"}, {"pools", i}, {"node_names", n}}, where,
                 "node name " + quoted(p.node_names(n)) + " is empty or not unique");
        }
      }
      if (p.node_names_size() > 0 && p.node_names_size() > p.count()) {
        report(field("count"), where,
               "count " + std::to_string(p.count()) + " is below its " +
                   std::to_string(p.node_names_size()) + " node_names");
      }
      if (p.count() < 0 || p.count() > kMaxNodes) {
        report(field("count"), where,
               "count " + std::to_string(p.count()) + " is not in 0.." + std::to_string(kMaxNodes));
      }
      const int lo = p.min_dynamic_port();
      const int hi = p.max_dynamic_port();
      if (lo < 1 || lo > 65535) {
        report(field("min_dynamic_port"), where,
               "min_dynamic_port " + std::to_string(lo) + " is not a port");
      }
      if (hi < 1 || hi > 65535) {
        report(field("max_dynamic_port"), where,
               "max_dynamic_port " + std::to_string(hi) + " is not a port");
      }
      if (lo > hi) {
        report(
            field("min_dynamic_port"), where,
            "dynamic port range " + std::to_string(lo) + "-" + std::to_string(hi) + " is inverted");
      }
      const Resources& r = p.resources();
      const auto bounded = [&](const char* what, std::int64_t cpu, std::int64_t memory,
                               std::int64_t disk) {
        for (const std::int64_t v : {cpu, memory, disk}) {
          if (v < 0 || v > kMaxResource) {
            report(field(what), where,
                   std::string(what) + " " + std::to_string(v) + " is not in 0..1e12 (MHz or MB)");
          }
        }
      };
      bounded("resources", r.cpu_mhz(), r.memory_mb(), r.disk_mb());
      bounded("reserved", p.reserved().cpu_mhz(), p.reserved().memory_mb(), p.reserved().disk_mb());
      // Nomad subtracts reserved from the node's resources (structs.go
      // ComparableResources.Subtract): reserving more than there is leaves a node that can hold
      // nothing and reports negative free capacity.
      for (const auto& [name, reserved, total] :
           {std::tuple<const char*, std::int64_t, std::int64_t>{"cpu_mhz", p.reserved().cpu_mhz(),
                                                                r.cpu_mhz()},
            {"memory_mb", p.reserved().memory_mb(), r.memory_mb()},
            {"disk_mb", p.reserved().disk_mb(), r.disk_mb()}}) {
        if (reserved > total && total >= 0) {
          report({{"cluster"}, {"pools", i}, {"reserved"}, {name}}, where,
                 std::string("reserved ") + name + " " + std::to_string(reserved) +
                     " is above the node's " + std::to_string(total));
        }
      }
      std::vector<int> ports;
      if (!parse_port_list(p.reserved().reserved_ports(), &ports)) {
        report({{"cluster"}, {"pools", i}, {"reserved"}, {"reserved_ports"}}, where,
               "reserved_ports " + quoted(p.reserved().reserved_ports()) +
                   " is not a port list (e.g. \"22,8000-8100\")");
      }
      std::set<std::string> networks;
      for (int h = 0; h < p.host_networks_size(); ++h) {
        const HostNetwork& hn = p.host_networks(h);
        const FieldPath hat = {{"cluster"}, {"pools", i}, {"host_networks", h}};
        if (hn.name().empty() || hn.address().empty()) {
          report(hat, where + " host_network #" + std::to_string(h), "needs a name and an address");
        }
        if (!networks.insert(hn.name()).second) {
          report(hat, where + " host_network " + quoted(hn.name()), "duplicate host network");
        }
        if (!parse_port_list(hn.reserved_ports(), &ports)) {
          report(hat, where + " host_network " + quoted(hn.name()),
                 "reserved_ports " + quoted(hn.reserved_ports()) + " is not a port list");
        }
      }
    }
  }

  // structs.NodePoolAll and NodePoolDefault always exist; another when nodes or a config name it.
  bool node_pool_known(const std::string& pool) const {
    if (pool == "all" || pool == "default") return true;
    for (const auto& p : s_.cluster().pools()) {
      if (p.node_pool() == pool) return true;
    }
    for (const auto& np : s_.cluster().node_pools()) {
      if (np.name() == pool) return true;
    }
    return false;
  }

  // A job datacenter with a "*" wildcard is known when it matches some datacenter.
  bool datacenter_known(const std::string& dc) const {
    const auto& dcs = s_.cluster().datacenters();
    return std::any_of(dcs.begin(), dcs.end(),
                       [&](const std::string& d) { return datacenter_matches(dc, d); });
  }

  // Whether every pool reserves `port` on every address: then no node can ever offer it.
  bool reserved_everywhere(int port) const {
    if (s_.cluster().pools_size() == 0) return false;
    for (const auto& p : s_.cluster().pools()) {
      std::vector<int> ports;
      if (!parse_port_list(p.reserved().reserved_ports(), &ports)) return false;
      if (std::find(ports.begin(), ports.end(), port) == ports.end()) return false;
    }
    return true;
  }

  void check_constraints(const FieldPath& at, const std::string& where,
                         const google::protobuf::RepeatedPtrField<Constraint>& constraints) {
    for (int i = 0; i < constraints.size(); ++i) {
      FieldPath f = at;
      f.push_back({"constraints", i});
      const std::string cwhere = where + " constraint " + quoted(constraints[i].attribute());
      if (!kOperators.count(constraints[i].operator_())) {
        report(with(f, "operator"), cwhere,
               "unknown operator " + quoted(constraints[i].operator_()) +
                   did_you_mean(constraints[i].operator_(),
                                std::vector<std::string>(kOperators.begin(), kOperators.end())));
      }
      check_regexp(with(f, "value"), cwhere, constraints[i].operator_(), constraints[i].value());
    }
  }

  static FieldPath with(FieldPath path, const char* field) {
    path.push_back({field});
    return path;
  }

  // structs.go Constraint.Validate / Affinity.Validate: a "regexp" RTarget must compile.
  void check_regexp(const FieldPath& path, const std::string& where, const std::string& op,
                    const std::string& value) {
    if (op != "regexp") return;
    const std::string error = re2_syntax_error(value);
    if (!error.empty()) {
      report(path, where,
             "regexp " + quoted(value) + " does not compile (Go's regexp: " + error + ")");
    }
  }

  // structs.go Affinity.Validate: a known operand, and a weight in [-100, 100] other than 0.
  void check_affinities(const FieldPath& at, const std::string& where,
                        const google::protobuf::RepeatedPtrField<Affinity>& affinities) {
    for (int i = 0; i < affinities.size(); ++i) {
      const Affinity& a = affinities[i];
      FieldPath f = at;
      f.push_back({"affinities", i});
      const std::string awhere = where + " affinity " + quoted(a.attribute());
      if (!kAffinityOperators.count(a.operator_())) {
        report(with(f, "operator"), awhere,
               "unknown affinity operator " + quoted(a.operator_()) +
                   did_you_mean(a.operator_(), std::vector<std::string>(kAffinityOperators.begin(),
                                                                        kAffinityOperators.end())));
      }
      check_regexp(with(f, "value"), awhere, a.operator_(), a.value());
      if (a.weight() == 0 || a.weight() < -100 || a.weight() > 100) {
        report(with(f, "weight"), awhere,
               "weight " + std::to_string(a.weight()) +
                   " is not in -100..100 without 0 (Nomad: \"Affinity weight must be within the "
                   "range [-100,100]\", \"cannot be zero\")");
      }
    }
  }

  // structs.go Spread.Validate: weight in 1..100; each target's percent in 0..100, the
  // percentages summing to at most 100, no target value twice.
  void check_spreads(const FieldPath& at, const std::string& where,
                     const google::protobuf::RepeatedPtrField<Spread>& spreads) {
    for (int i = 0; i < spreads.size(); ++i) {
      const Spread& sp = spreads[i];
      FieldPath f = at;
      f.push_back({"spreads", i});
      const std::string swhere = where + " spread " + quoted(sp.attribute());
      if (sp.weight() <= 0 || sp.weight() > 100) {
        report(with(f, "weight"), swhere,
               "weight " + std::to_string(sp.weight()) + " is not in 1..100");
      }
      std::int64_t sum = 0;
      std::set<std::string> values;
      for (int t = 0; t < sp.targets_size(); ++t) {
        const SpreadTarget& target = sp.targets(t);
        FieldPath tf = f;
        tf.push_back({"targets", t});
        if (target.percent() < 0 || target.percent() > 100) {
          report(with(tf, "percent"), swhere + " target " + quoted(target.value()),
                 "percent " + std::to_string(target.percent()) + " is not in 0..100");
        }
        if (!values.insert(target.value()).second) {
          report(with(tf, "value"), swhere + " target " + quoted(target.value()),
                 "duplicate target value");
        }
        sum += target.percent();
      }
      if (sum > 100) {
        report(with(f, "targets"), swhere,
               "target percentages sum to " + std::to_string(sum) + "%, more than 100%");
      }
    }
  }

  void check_jobs() {
    std::set<std::string> job_names;
    for (int j = 0; j < s_.jobs_size(); ++j) {
      const Job& job = s_.jobs(j);
      const FieldPath at = {{"jobs", j}};
      const std::string where = "job " + quoted(job.name());
      if (job.name().empty()) {
        report({{"jobs", j}, {"name"}}, "job #" + std::to_string(j), "has no name");
      }
      if (!job_names.insert(job.name()).second)
        report({{"jobs", j}, {"name"}}, where, "duplicate job name");
      if (!kJobTypes.count(job.type())) {
        report({{"jobs", j}, {"type"}}, where,
               not_one_of("type", job.type(), {"service", "batch", "system", "sysbatch"}));
      }
      if (job.priority() < 1 || job.priority() > 100) {
        report({{"jobs", j}, {"priority"}}, where,
               "priority " + std::to_string(job.priority()) + " is outside 1..100");
      }
      if (!node_pool_known(job.node_pool())) {
        report({{"jobs", j}, {"node_pool"}}, where,
               "node_pool " + quoted(job.node_pool()) +
                   " does not exist (no nodes and no cluster.node_pools entry name it)");
      }
      if (job.region() != s_.cluster().region()) {
        report({{"jobs", j}, {"region"}}, where,
               "region " + quoted(job.region()) + " is not the cluster's " +
                   quoted(s_.cluster().region()) + " (portolan models one region)");
      }
      for (int d = 0; d < job.datacenters_size(); ++d) {
        if (!datacenter_known(job.datacenters(d))) {
          report({{"jobs", j}, {"datacenters", d}}, where,
                 "datacenter " + quoted(job.datacenters(d)) + " is not in the cluster");
        }
      }
      check_constraints(at, where, job.constraints());
      check_affinities(at, where, job.affinities());
      check_spreads(at, where, job.spreads());
      if (job.reschedule().attempts() < 0) {
        report({{"jobs", j}, {"reschedule"}, {"attempts"}}, where + " reschedule",
               "attempts " + std::to_string(job.reschedule().attempts()) + " is negative");
      }
      // structs.go ReschedulePolicy.Validate: a delay function that grows needs a ceiling at
      // least the delay ("Max Delay cannot be less than Delay"); without one the delay doubles
      // without bound.
      if (job.reschedule().delay_function() != "constant" &&
          kDelayFunctions.count(job.reschedule().delay_function())) {
        const auto delay = parse_duration(job.reschedule().delay());
        const auto max_delay = parse_duration(job.reschedule().max_delay());
        if (delay && max_delay && *max_delay < *delay) {
          report({{"jobs", j}, {"reschedule"}, {"max_delay"}}, where + " reschedule",
                 "max_delay " + quoted(job.reschedule().max_delay()) + " is below delay " +
                     quoted(job.reschedule().delay()) +
                     " (Nomad: \"Max Delay cannot be less than Delay\": a growing delay needs a "
                     "ceiling)");
        }
      }
      if (!kDelayFunctions.count(job.reschedule().delay_function())) {
        report({{"jobs", j}, {"reschedule"}, {"delay_function"}}, where + " reschedule",
               not_one_of("delay_function", job.reschedule().delay_function(),
                          {"constant", "exponential", "fibonacci"}));
      }
      for (const auto& [field, value] :
           {std::pair<std::string, std::string>{"delay", job.reschedule().delay()},
            {"interval", job.reschedule().interval()},
            {"max_delay", job.reschedule().max_delay()}}) {
        check_duration({{"jobs", j}, {"reschedule"}, {field}}, where + " reschedule", field, value);
      }
      const auto& update = job.update();
      for (const auto& [field, value] :
           {std::pair<std::string, std::string>{"min_healthy_time", update.min_healthy_time()},
            {"healthy_deadline", update.healthy_deadline()},
            {"stagger", update.stagger()}}) {
        check_duration({{"jobs", j}, {"update"}, {field}}, where + " update", field, value);
      }
      for (const auto& [field, value] :
           {std::pair<std::string, int>{"max_parallel", update.max_parallel()},
            {"canary", update.canary()}}) {
        if (value < 0) {
          report({{"jobs", j}, {"update"}, {field}}, where + " update",
                 field + " " + std::to_string(value) + " is negative");
        }
      }
      if (job.groups_size() == 0) report(at, where, "has no group");
      std::set<std::string> group_names;
      for (int g = 0; g < job.groups_size(); ++g) check_group(j, g, &group_names);
    }
  }

  bool service_provided(const std::string& name) const {
    for (const auto& job : s_.jobs()) {
      for (const auto& g : job.groups()) {
        for (const auto& svc : g.services()) {
          if (svc.name() == name) return true;
        }
      }
    }
    return false;
  }

  void check_group(int j, int g, std::set<std::string>* names) {
    const Group& group = s_.jobs(j).groups(g);
    const FieldPath at = {{"jobs", j}, {"groups", g}};
    auto field = [&](std::initializer_list<PathStep> rest) {
      FieldPath f = at;
      f.insert(f.end(), rest);
      return f;
    };
    const std::string where = "job " + quoted(s_.jobs(j).name()) + " group " + quoted(group.name());
    if (group.name().empty()) report(field({{"name"}}), where, "has no name");
    if (!names->insert(group.name()).second)
      report(field({{"name"}}), where, "duplicate group name");
    if (group.count() < 0 || group.count() > kMaxCount) {
      report(
          field({{"count"}}), where,
          "count " + std::to_string(group.count()) + " is not in 0.." + std::to_string(kMaxCount));
    }
    check_constraints(at, where, group.constraints());
    check_affinities(at, where, group.affinities());
    check_spreads(at, where, group.spreads());
    if (group.ephemeral_disk_mb() < 0 || group.ephemeral_disk_mb() > kMaxResource) {
      report(field({{"ephemeral_disk_mb"}}), where,
             "ephemeral_disk_mb " + std::to_string(group.ephemeral_disk_mb()) +
                 " is not in 0..1e12 MB");
    }
    check_duration(field({{"shutdown_delay"}}), where, "shutdown_delay", group.shutdown_delay());
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"interval", group.restart().interval()},
          {"delay", group.restart().delay()}}) {
      check_duration(field({{"restart"}, {name}}), where + " restart", name, value);
    }
    if (group.restart().attempts() < 0) {
      report(field({{"restart"}, {"attempts"}}), where + " restart",
             "attempts " + std::to_string(group.restart().attempts()) + " is negative");
    }
    if (group.restart().mode() != "fail" && group.restart().mode() != "delay") {
      report(field({{"restart"}, {"mode"}}), where + " restart",
             "mode " + quoted(group.restart().mode()) + " is not \"fail\" or \"delay\"" +
                 did_you_mean(group.restart().mode(), {"fail", "delay"}));
    }
    for (const auto& [name, value] : {std::pair<std::string, std::string>{
                                          "min_healthy_time", group.migrate().min_healthy_time()},
                                      {"healthy_deadline", group.migrate().healthy_deadline()}}) {
      check_duration(field({{"migrate"}, {name}}), where + " migrate", name, value);
    }
    if (group.migrate().max_parallel() < 1) {
      report(
          field({{"migrate"}, {"max_parallel"}}), where + " migrate",
          "max_parallel " + std::to_string(group.migrate().max_parallel()) + " must be at least 1");
    }
    const std::string& mode = group.network().mode();
    const bool cni = mode.rfind("cni/", 0) == 0 && mode.size() > 4;
    if (mode != "host" && mode != "bridge" && mode != "none" && !cni) {
      report(field({{"network"}, {"mode"}}), where,
             "network mode " + quoted(mode) + " is not one of host, bridge, cni/NAME, none" +
                 did_you_mean(mode, {"host", "bridge", "none"}));
    }
    std::set<std::string> labels;
    for (int p = 0; p < group.network().ports_size(); ++p) {
      const Port& port = group.network().ports(p);
      const std::string pwhere = where + " port " + quoted(port.label());
      if (port.label().empty())
        report(field({{"network"}, {"ports", p}, {"label"}}), where, "a port has no label");
      if (!labels.insert(port.label()).second) {
        report(field({{"network"}, {"ports", p}, {"label"}}), pwhere, "duplicate port label");
      }
      if (port.static_() < 0 || port.static_() > 65535) {
        report(field({{"network"}, {"ports", p}, {"static"}}), pwhere,
               "static " + std::to_string(port.static_()) + " is not a port");
      } else if (port.static_() > 0 && reserved_everywhere(port.static_())) {
        report(field({{"network"}, {"ports", p}, {"static"}}), pwhere,
               "static " + std::to_string(port.static_()) + " is reserved on every node");
      }
      if (port.to() < -1 || port.to() > 65535) {
        report(field({{"network"}, {"ports", p}, {"to"}}), pwhere,
               "to " + std::to_string(port.to()) + " is not a port");
      }
    }
    std::set<std::pair<std::string, std::string>> services;
    for (int v = 0; v < group.services_size(); ++v) {
      const Service& svc = group.services(v);
      const std::string swhere = where + " service " + quoted(svc.name());
      if (svc.name().empty()) {
        report(field({{"services", v}, {"name"}}), where, "a service has no name");
      }
      // structs.go TaskGroup.validateServices: one name on one port label once
      // ("service %q is duplicate").
      if (!services.insert({svc.name(), svc.port()}).second) {
        report(field({{"services", v}, {"name"}}), swhere,
               "duplicate service: the group already registers " + quoted(svc.name()) +
                   " on port " + quoted(svc.port()));
      }
      if (!kProviders.count(svc.provider())) {
        report(field({{"services", v}, {"provider"}}), swhere,
               not_one_of("provider", svc.provider(), {"consul", "nomad"}));
      }
      for (int k = 0; k < svc.checks_size(); ++k) {
        const Check& check = svc.checks(k);
        check_duration(field({{"services", v}, {"checks", k}, {"interval"}}), swhere,
                       "check interval", check.interval());
        check_duration(field({{"services", v}, {"checks", k}, {"timeout"}}), swhere,
                       "check timeout", check.timeout());
      }
      if (!svc.port().empty() && !labels.count(svc.port())) {
        report(field({{"services", v}, {"port"}}), swhere,
               "port " + quoted(svc.port()) + " is not a port label of the group");
      }
      if (svc.connect().sidecar_service()) {
        // nomad/job_endpoint_hook_connect.go groupConnectSidecarValidate.
        if (mode != "bridge" && !cni) {
          report(field({{"network"}, {"mode"}}), swhere,
                 "Consul Connect sidecar requires bridge network, found " + quoted(mode));
        }
        if (svc.provider() != "consul") {
          report(field({{"services", v}, {"provider"}}), swhere,
                 "Consul Connect needs provider \"consul\"");
        }
      }
      if (svc.connect().native()) {
        if (svc.connect().sidecar_service()) {
          report(field({{"services", v}, {"connect"}, {"native"}}), swhere,
                 "Consul Connect must be exclusively native or use a sidecar, not both");
        }
        if (svc.provider() != "consul") {
          report(field({{"services", v}, {"provider"}}), swhere,
                 "Consul Connect native needs provider \"consul\"");
        }
      }
      for (int u = 0; u < svc.connect().upstreams_size(); ++u) {
        const Upstream& up = svc.connect().upstreams(u);
        if (!service_provided(up.destination_name())) {
          report(field({{"services", v}, {"connect"}, {"upstreams", u}, {"destination_name"}}),
                 swhere + " upstream " + quoted(up.destination_name()),
                 "no group provides service " + quoted(up.destination_name()));
        }
        if (up.local_bind_port() < 1 || up.local_bind_port() > 65535) {
          report(field({{"services", v}, {"connect"}, {"upstreams", u}, {"local_bind_port"}}),
                 swhere + " upstream " + quoted(up.destination_name()),
                 "local_bind_port " + std::to_string(up.local_bind_port()) + " is not a port");
        }
      }
    }
    if (group.tasks_size() == 0) report(at, where, "has no task");
    std::set<std::string> tasks;
    for (int t = 0; t < group.tasks_size(); ++t) {
      const Task& task = group.tasks(t);
      const std::string twhere = where + " task " + quoted(task.name());
      if (task.name().empty()) report(field({{"tasks", t}, {"name"}}), where, "a task has no name");
      if (!tasks.insert(task.name()).second) {
        report(field({{"tasks", t}, {"name"}}), twhere, "duplicate task name");
      }
      // Reported at the offending field (cpu_mhz when both are), so a --set of it is named.
      const char* resource =
          task.cpu_mhz() < 0 || task.cpu_mhz() > kMaxResource ? "cpu_mhz" : "memory_mb";
      if (task.cpu_mhz() < 0 || task.memory_mb() < 0) {
        report(field({{"tasks", t}, {resource}}), twhere,
               "cpu_mhz and memory_mb must not be negative");
      } else if (task.cpu_mhz() > kMaxResource || task.memory_mb() > kMaxResource) {
        report(field({{"tasks", t}, {resource}}), twhere,
               "cpu_mhz and memory_mb must be at most 1e12");
      }
      if (task.has_lifecycle() && !kLifecycleHooks.count(task.lifecycle().hook())) {
        report(field({{"tasks", t}, {"lifecycle"}, {"hook"}}), twhere,
               "lifecycle hook " + quoted(task.lifecycle().hook()) +
                   " is not one of prestart, poststart, poststop" +
                   did_you_mean(task.lifecycle().hook(), {"prestart", "poststart", "poststop"}));
      }
      for (int p = 0; p < task.ports_size(); ++p) {
        if (!labels.count(task.ports(p))) {
          report(field({{"tasks", t}, {"ports", p}}), twhere,
                 "port " + quoted(task.ports(p)) + " is not a port label of the group");
        }
      }
      for (int k = 0; k < task.templates_size(); ++k) {
        const Template& tpl = task.templates(k);
        const std::string kwhere = twhere + " template " + quoted(tpl.service());
        if (!service_provided(tpl.service())) {
          report(field({{"tasks", t}, {"templates", k}, {"service"}}), kwhere,
                 "no group provides service " + quoted(tpl.service()));
        }
        check_duration(field({{"tasks", t}, {"templates", k}, {"wait_min"}}), kwhere, "wait_min",
                       tpl.wait_min());
        check_duration(field({{"tasks", t}, {"templates", k}, {"wait_max"}}), kwhere, "wait_max",
                       tpl.wait_max());
        if (!kChangeModes.count(tpl.change_mode())) {
          report(field({{"tasks", t}, {"templates", k}, {"change_mode"}}), kwhere,
                 "change_mode " + quoted(tpl.change_mode()) +
                     " is not one of restart, signal, noop" +
                     did_you_mean(tpl.change_mode(), {"restart", "signal", "noop"}));
        }
      }
    }
  }

  const Job* find_job(const std::string& name) const {
    for (const auto& j : s_.jobs()) {
      if (j.name() == name) return &j;
    }
    return nullptr;
  }

  using GroupCounts = std::map<std::pair<std::string, std::string>, int>;

  // fail_node's alloc: "<job>.<group>[<index>]" of an existing group, the index below the
  // largest count the group has had by then, or 0 for a system job (one allocation per node,
  // every one named [0], as Nomad's system scheduler names them).
  void check_alloc_name(const FieldPath& path, const std::string& where, const std::string& name,
                        const GroupCounts& group_counts) {
    const AllocName alloc = resolve_alloc_name(s_, name);
    if (alloc.index < 0) {
      report(path, where,
             "alloc " + quoted(name) + " is not an allocation name \"<job>.<group>[<index>]\"");
      return;
    }
    if (alloc.job < 0) {
      report(path, where,
             "alloc " + quoted(name) + ": no job and group are named " +
                 quoted(name.substr(0, name.rfind('['))) + " (\"<job>.<group>\")");
      return;
    }
    const Job& job = s_.jobs(alloc.job);
    const Group& group = job.groups(alloc.group);
    if (job.type() == "system" || job.type() == "sysbatch") {
      if (alloc.index != 0) {
        report(path, where,
               "alloc " + quoted(name) + ": a " + job.type() +
                   " job's allocations are all named [0] (one per node); use " +
                   quoted(job.name() + "." + group.name() + "[0]"));
      }
      return;
    }
    const int count = group_counts.at({job.name(), group.name()});
    if (count <= 0) {
      report(path, where,
             "alloc " + quoted(name) + ": group " + quoted(group.name()) +
                 " has count 0 until then, so no allocation of that name");
    } else if (alloc.index >= count) {
      report(path, where,
             "alloc " + quoted(name) + ": index " + std::to_string(alloc.index) +
                 " is not below the group's count " + std::to_string(count) + " (indexes run 0.." +
                 std::to_string(count - 1) + ")");
    }
  }

  void check_timeline() {
    // Node names follow the pools' counts, then add_nodes events in time order.
    std::map<std::string, int> pool_sizes;
    for (const auto& p : s_.cluster().pools()) pool_sizes[p.name()] = std::max(0, p.count());
    std::vector<std::pair<std::int64_t, int>> order;
    for (int i = 0; i < s_.timeline_size(); ++i) {
      const auto at = parse_duration(s_.timeline(i).at());
      if (!at || *at > kMaxDuration) {
        check_duration({{"timeline", i}, {"at"}}, "timeline[" + std::to_string(i) + "]", "at",
                       s_.timeline(i).at());
        continue;
      }
      order.push_back({*at, i});
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // (job, group) -> the largest count the group has had so far, in time order.
    GroupCounts group_counts;
    for (const auto& job : s_.jobs()) {
      for (const auto& g : job.groups()) group_counts[{job.name(), g.name()}] = g.count();
    }
    auto node_known = [&](const std::string& node) {
      const auto dash = node.rfind('-');
      if (dash == std::string::npos) return false;
      const auto it = pool_sizes.find(node.substr(0, dash));
      if (it == pool_sizes.end()) return false;
      const std::string index = node.substr(dash + 1);
      // Nodes are "<pool>-<i>" with i in decimal without leading zeros ("web-01" is not one).
      if (index.empty() || index.size() > 9 || (index.size() > 1 && index[0] == '0') ||
          !std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
      }
      return std::stoi(index) < it->second;
    };
    for (const auto& [time, event] : order) {
      const auto i = event;  // a copy: clang 14 cannot capture a structured binding in a lambda
      const TimelineEvent& e = s_.timeline(i);
      const std::string where = "timeline[" + std::to_string(i) + "]";
      auto job_event = [&](const char* kind, const std::string& job) {
        if (find_job(job) == nullptr) {
          report({{"timeline", i}, {kind}}, where + " " + kind,
                 "job " + quoted(job) + " does not exist");
        }
      };
      auto node_event = [&](const char* kind, const std::string& node) {
        if (!node_known(node)) {
          report({{"timeline", i}, {kind}}, where + " " + kind,
                 "node " + quoted(node) +
                     " does not exist at that time (nodes are named "
                     "\"<pool>-<i>\")");
        }
      };
      // An event on one group of a job, with a number that must not be negative.
      auto group_event = [&](const char* kind, const std::string& job_name,
                             const std::string& group, const char* number_name, int number) {
        const Job* job = find_job(job_name);
        if (job == nullptr) {
          job_event(kind, job_name);
        } else if (std::none_of(job->groups().begin(), job->groups().end(),
                                [&](const Group& g) { return g.name() == group; })) {
          report({{"timeline", i}, {kind}}, where + " " + kind,
                 "job " + quoted(job->name()) + " has no group " + quoted(group));
        }
        if (number < 0 || number > kMaxCount) {
          report({{"timeline", i}, {kind}}, where + " " + kind,
                 std::string(number_name) + " " + std::to_string(number) + " is not in 0.." +
                     std::to_string(kMaxCount));
        }
      };
      switch (e.event_case()) {
        case TimelineEvent::kSubmitJob:
          job_event("submit_job", e.submit_job().job());
          break;
        case TimelineEvent::kScaleGroup: {
          group_event("scale_group", e.scale_group().job(), e.scale_group().group(), "count",
                      e.scale_group().count());
          const auto it = group_counts.find({e.scale_group().job(), e.scale_group().group()});
          if (it != group_counts.end()) it->second = std::max(it->second, e.scale_group().count());
          break;
        }
        case TimelineEvent::kUpdateJob:
          job_event("update_job", e.update_job().job());
          break;
        case TimelineEvent::kFailAlloc: {
          const FailAlloc& fa = e.fail_alloc();
          group_event("fail_alloc", fa.job(), fa.group(), "index", fa.index());
          // The allocation must exist then: an index below the largest count so far (a system
          // job's are all [0]), as fail_node's alloc.
          const Job* job = find_job(fa.job());
          const auto it = group_counts.find({fa.job(), fa.group()});
          const bool system =
              job != nullptr && (job->type() == "system" || job->type() == "sysbatch");
          if (it != group_counts.end() && fa.index() >= 0 && fa.index() <= kMaxCount) {
            const int count = system ? 1 : it->second;
            if (fa.index() >= count) {
              report({{"timeline", i}, {"fail_alloc"}, {"index"}}, where + " fail_alloc",
                     "index " + std::to_string(fa.index()) +
                         (system ? std::string(": a system job's allocations are all [0]")
                                 : " is not below the group's count " + std::to_string(count) +
                                       " at that time, so no allocation " +
                                       quoted(fa.job() + "." + fa.group() + "[" +
                                              std::to_string(fa.index()) + "]") +
                                       " exists"));
            }
          }
          if (e.fail_alloc().times() < 0) {
            report({{"timeline", i}, {"fail_alloc"}}, where + " fail_alloc",
                   "times " + std::to_string(e.fail_alloc().times()) + " is negative");
          }
          break;
        }
        case TimelineEvent::kStopJob:
          job_event("stop_job", e.stop_job().job());
          break;
        case TimelineEvent::kFailNode:
          if (e.fail_node().node().empty() == e.fail_node().alloc().empty()) {
            report({{"timeline", i}, {"fail_node"}}, where + " fail_node",
                   "needs exactly one of node (\"<pool>-<i>\") and alloc "
                   "(\"<job>.<group>[<index>]\")");
          } else if (!e.fail_node().node().empty()) {
            node_event("fail_node", e.fail_node().node());
          } else {
            check_alloc_name({{"timeline", i}, {"fail_node"}, {"alloc"}}, where + " fail_node",
                             e.fail_node().alloc(), group_counts);
          }
          break;
        case TimelineEvent::kRecoverNode:
          node_event("recover_node", e.recover_node().node());
          break;
        case TimelineEvent::kDrainNode:
          node_event("drain_node", e.drain_node().node());
          check_duration({{"timeline", i}, {"drain_node"}}, where + " drain_node", "deadline",
                         e.drain_node().deadline());
          break;
        case TimelineEvent::kAddNodes: {
          const auto it = pool_sizes.find(e.add_nodes().pool());
          if (it == pool_sizes.end()) {
            report({{"timeline", i}, {"add_nodes"}}, where + " add_nodes",
                   "pool " + quoted(e.add_nodes().pool()) + " does not exist");
          } else if (e.add_nodes().count() < 0 ||
                     e.add_nodes().count() > kMaxNodes - it->second) {  // no overflow
            report({{"timeline", i}, {"add_nodes"}}, where + " add_nodes",
                   "count " + std::to_string(e.add_nodes().count()) + " would take pool " +
                       quoted(e.add_nodes().pool()) + " outside 0.." + std::to_string(kMaxNodes) +
                       " nodes");
          } else {
            it->second += e.add_nodes().count();
          }
          break;
        }
        case TimelineEvent::EVENT_NOT_SET:
          report({{"timeline", i}}, where, "names no event");
          break;
      }
    }
  }

  void check_consumers() {
    std::set<std::string> names;
    for (int i = 0; i < s_.consumers_size(); ++i) {
      const Consumer& c = s_.consumers(i);
      const std::string where = "consumer " + quoted(c.name());
      if (!names.insert(c.name()).second)
        report({{"consumers", i}, {"name"}}, where, "duplicate consumer name");
      const Job* job = find_job(c.job());
      const Group* group = nullptr;
      if (job == nullptr) {
        report({{"consumers", i}, {"job"}}, where, "job " + quoted(c.job()) + " does not exist");
      } else {
        for (const auto& g : job->groups()) {
          if (g.name() == c.group()) group = &g;
        }
        if (group == nullptr) {
          report({{"consumers", i}, {"group"}}, where,
                 "job " + quoted(c.job()) + " has no group " + quoted(c.group()));
        } else if (std::none_of(group->tasks().begin(), group->tasks().end(),
                                [&](const Task& t) { return t.name() == c.task(); })) {
          report({{"consumers", i}, {"task"}}, where,
                 "group " + quoted(c.group()) + " has no task " + quoted(c.task()));
        }
      }
      if (!service_provided(c.service())) {
        report({{"consumers", i}, {"service"}}, where,
               "no group provides service " + quoted(c.service()));
      }
      if (!kConsumerPaths.count(c.path())) {
        report({{"consumers", i}, {"path"}}, where,
               "path " + quoted(c.path()) +
                   " is not one of env, localhost, template, dns, connect" +
                   did_you_mean(c.path(), {"env", "localhost", "template", "dns", "connect"}));
      }
      // A rate is a finite number of requests per second in [1e-6, 1e6] (one a fortnight to a
      // million a second): beyond that the engine's timings and counts lose meaning.
      if (!(c.request_rate_per_s() >= kMinRate && c.request_rate_per_s() <= kMaxRate)) {
        report({{"consumers", i}, {"request_rate_per_s"}}, where,
               "request_rate_per_s " + shortest(c.request_rate_per_s()) +
                   " is not in [1e-06, 1e+06] requests per second");
      }
    }
    for (const RunConsumer& rc : run_consumers(s_)) {
      if (rc.derived && names.count(rc.consumer.name()) != 0) {
        for (int i = 0; i < s_.consumers_size(); ++i) {
          if (s_.consumers(i).name() != rc.consumer.name()) continue;
          report({{"consumers", i}, {"name"}}, "consumer " + quoted(rc.consumer.name()),
                 "duplicate consumer name: the consumer its job implies (" + rc.source_what +
                     " of task " + quoted(rc.consumer.task()) +
                     ") has it; rename this one, or give it that consumer's path to replace it");
        }
      }
      check_consumer_path(rc);
    }
  }

  const Group* find_group(const std::string& job_name, const std::string& group_name) const {
    const Job* job = find_job(job_name);
    if (job == nullptr) return nullptr;
    for (const auto& g : job->groups()) {
      if (g.name() == group_name) return &g;
    }
    return nullptr;
  }

  // Whether `group` has a Connect sidecar with an upstream to `service`.
  static bool has_upstream(const Group& group, const std::string& service) {
    for (const auto& svc : group.services()) {
      if (!svc.connect().sidecar_service()) continue;
      for (const auto& up : svc.connect().upstreams()) {
        if (up.destination_name() == service) return true;
      }
    }
    return false;
  }

  // A consumer's path must be one its task can use.
  void check_consumer_path(const RunConsumer& rc) {
    const Consumer& c = rc.consumer;
    const Group* group = find_group(c.job(), c.group());
    if (group == nullptr) return;  // reported with the consumer's job and group
    const Task* task = nullptr;
    for (const auto& t : group->tasks()) {
      if (t.name() == c.task()) task = &t;
    }
    if (task == nullptr) return;
    const FieldPath path =
        rc.derived ? rc.source : FieldPath{{"consumers", rc.explicit_index}, {"path"}};
    const std::string where = rc.derived
                                  ? "job " + quoted(c.job()) + " group " + quoted(c.group()) +
                                        " task " + quoted(c.task()) + " " + rc.source_what
                                  : "consumer " + quoted(c.name());
    const std::string& service = c.service();
    if (c.path() == "template") {
      if (std::none_of(task->templates().begin(), task->templates().end(),
                       [&](const Template& t) { return t.service() == service; })) {
        report(path, where,
               "path \"template\" needs a template on service " + quoted(service) + " in task " +
                   quoted(c.task()) + " (the consumer learns addresses from that template); add " +
                   "templates { service: " + quoted(service) +
                   " } to the task, or use another path");
      }
    } else if (c.path() == "dns") {
      // Nomad-native services live in Nomad's own catalog, read through its API and the
      // template function nomadService; Consul DNS answers from Consul's catalog only (Nomad
      // docs: job-specification/service "provider"; networking/service-discovery).
      for (const auto& job : s_.jobs()) {
        for (const auto& g : job.groups()) {
          for (const auto& svc : g.services()) {
            if (svc.name() != service || svc.provider() != "nomad") continue;
            report(path, where,
                   "path \"dns\" cannot reach service " + quoted(service) + ": job " +
                       quoted(job.name()) + " group " + quoted(g.name()) +
                       " registers it with provider \"nomad\", and Nomad-native services are "
                       "not in Consul's DNS (Nomad docs, service block \"provider\"); use path "
                       "\"template\" (nomadService) or provider \"consul\"");
            return;
          }
        }
      }
    } else if (c.path() == "connect") {
      // client/taskenv/env.go setAlloc, buildUpstreamsEnv: Envoy's local listener and
      // NOMAD_UPSTREAM_ADDR_<service> exist only for the upstreams of the group's sidecars.
      if (!has_upstream(*group, service)) {
        report(path, where,
               "path \"connect\" needs a Connect upstream to " + quoted(service) + " in group " +
                   quoted(c.group()) + " (NOMAD_UPSTREAM_ADDR_" + service +
                   " and the sidecar's listener exist only for its upstreams); add services { "
                   "connect { sidecar_service: true upstreams { destination_name: " +
                   quoted(service) + " local_bind_port: PORT } } } to the group");
      }
    } else if (c.path() == "env") {
      // client/taskenv/env.go addPorts: NOMAD_ADDR_<label> are the ports of the task's own
      // allocation.
      if (std::none_of(group->services().begin(), group->services().end(),
                       [&](const Service& svc) { return svc.name() == service; })) {
        report(path, where,
               "path \"env\" reaches only the consumer's own allocation (NOMAD_ADDR_<label>), "
               "and group " +
                   quoted(c.group()) + " does not register service " + quoted(service) +
                   "; use path \"template\" or \"dns\" for another group's service");
      }
    }
  }

  void check_settings() {
    const RunSettings& run = s_.run();
    check_duration({{"run"}, {"horizon"}}, "run", "horizon", run.horizon());
    check_duration({{"run"}, {"sample_interval"}}, "run", "sample_interval", run.sample_interval());
    if (const auto h = parse_duration(run.horizon()); h && *h <= 0) {
      report({{"run"}, {"horizon"}}, "run", "horizon must be positive");
    }
    if (const auto i = parse_duration(run.sample_interval()); i && *i <= 0) {
      report({{"run"}, {"sample_interval"}}, "run", "sample_interval must be positive");
    }
    if (run.replications() < 1) {
      report({{"run"}, {"replications"}}, "run", "replications must be at least 1");
    }
    const Propagation& p = s_.propagation();
    check_duration({{"propagation"}, {"min_heartbeat_ttl"}}, "propagation", "min_heartbeat_ttl",
                   p.min_heartbeat_ttl());
    check_duration({{"propagation"}, {"heartbeat_grace"}}, "propagation", "heartbeat_grace",
                   p.heartbeat_grace());
    for (const auto& [field, value] :
         {std::pair<std::string, std::string>{"consul_ae_interval", p.consul_ae_interval()},
          {"dns_ttl", p.dns_ttl()},
          {"xds_push", p.xds_push()},
          {"gossip_probe_interval", p.gossip_probe_interval()}}) {
      check_duration({{"propagation"}, {field}}, "propagation", field, value);
    }
    for (const auto& [driver, mean] : p.driver_start_mean()) {
      check_duration({{"propagation"}, {"driver_start_mean"}}, "propagation driver_start_mean",
                     driver, mean);
    }
    if (!(p.max_heartbeats_per_second() >= kMinRate && p.max_heartbeats_per_second() <= kMaxRate)) {
      report({{"propagation"}, {"max_heartbeats_per_second"}}, "propagation",
             "max_heartbeats_per_second " + shortest(p.max_heartbeats_per_second()) +
                 " is not in [1e-06, 1e+06] (Nomad's default is 50)");
    }
    // memberlist probes one member every probe_interval; 0 would probe without end at one
    // instant.
    // At most 1h and 100: a probe cycle over 1,000,000 agents (1e6 x 1h in nanoseconds) and a
    // suspicion timeout (mult x 6000 x interval / 1000, then 6 times that) stay within int64.
    if (const auto probe = parse_duration(p.gossip_probe_interval());
        probe && (*probe <= 0 || *probe > std::int64_t{3600} * 1'000'000'000)) {
      report({{"propagation"}, {"gossip_probe_interval"}}, "propagation",
             "gossip_probe_interval " + quoted(p.gossip_probe_interval()) +
                 " is not in (0s, 1h] (memberlist's default is 1s)");
    }
    if (p.has_gossip_suspicion_mult() &&
        (p.gossip_suspicion_mult() < 1 || p.gossip_suspicion_mult() > 100)) {
      report({{"propagation"}, {"gossip_suspicion_mult"}}, "propagation",
             "gossip_suspicion_mult " + std::to_string(p.gossip_suspicion_mult()) +
                 " is not in 1..100 (memberlist's default is 4)");
    }
  }

  const LoadedScenario& loaded_;
  const Scenario& s_;
  const ValidateOptions options_;
  std::vector<Problem> problems_;
};

}  // namespace

std::string Problem::to_string() const {
  std::string out = source;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": " + where + ": " + message;
  return out;
}

std::vector<Problem> validate(const LoadedScenario& loaded, const ValidateOptions& options) {
  return Validator(loaded, options).run();
}

void validate_or_throw(const LoadedScenario& loaded, const ValidateOptions& options) {
  const auto problems = validate(loaded, options);
  if (problems.empty()) return;
  std::vector<std::string> lines;
  for (const auto& p : problems) lines.push_back(p.to_string());
  throw ScenarioError(std::move(lines));
}

bool parse_port_list(const std::string& text, std::vector<int>* ports) {
  ports->clear();
  std::size_t i = 0;
  auto number = [&](int* out) {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 6) ++i;
    if (i == start) return false;
    *out = std::stoi(text.substr(start, i - start));
    return *out >= 1 && *out <= 65535;
  };
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    int lo = 0;
    int hi = 0;
    if (!number(&lo)) return false;
    hi = lo;
    if (i < text.size() && text[i] == '-') {
      ++i;
      if (!number(&hi) || hi < lo) return false;
    }
    for (int p = lo; p <= hi; ++p) ports->push_back(p);
    while (i < text.size() && text[i] == ' ') ++i;
    if (i < text.size()) {
      if (text[i] != ',') return false;
      ++i;
    }
  }
  return true;
}

}  // namespace portolan::scenario
