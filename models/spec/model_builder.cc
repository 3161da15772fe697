#include "models/spec/model_builder.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "scenarios/alloc_name.h"
#include "scenarios/datacenter_glob.h"
#include "scenarios/duration.h"
#include "scenarios/group_resources.h"
#include "scenarios/job_consumers.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

namespace pb = portolan::scenario;

sim::Time duration(const std::string& text, const std::string& where) {
  const auto ns = pb::parse_duration(text);
  if (!ns) throw std::invalid_argument(where + ": \"" + text + "\" is not a duration");
  return *ns;
}

std::vector<int> port_list(const std::string& text) {
  std::vector<int> ports;
  pb::parse_port_list(text, &ports);
  return ports;
}

NodeShape shape_of(const pb::NodePool& p) {
  NodeShape s;
  s.pool = p.name();
  s.datacenter = p.datacenter();
  s.node_pool = p.node_pool();
  s.node_class = p.node_class();
  s.rack = p.rack();
  s.attributes.insert(p.attributes().begin(), p.attributes().end());
  s.meta.insert(p.meta().begin(), p.meta().end());
  s.capacity =
      make_resources(p.resources().cpu_mhz(), p.resources().memory_mb(), p.resources().disk_mb());
  s.reserved =
      make_resources(p.reserved().cpu_mhz(), p.reserved().memory_mb(), p.reserved().disk_mb());
  s.drivers.insert(p.drivers().begin(), p.drivers().end());
  s.cni_plugins.insert(p.cni_plugins().begin(), p.cni_plugins().end());
  s.cni_networks.insert(p.cni_networks().begin(), p.cni_networks().end());
  s.consul_agent = p.consul_agent();
  s.node_names.assign(p.node_names().begin(), p.node_names().end());
  s.network.address = p.address();
  s.network.reserved_ports = port_list(p.reserved().reserved_ports());
  s.network.min_dynamic_port = p.min_dynamic_port();
  s.network.max_dynamic_port = p.max_dynamic_port();
  for (const auto& hn : p.host_networks()) {
    s.network.host_networks.push_back(
        HostNetwork{hn.name(), hn.address(), port_list(hn.reserved_ports())});
  }
  return s;
}

JobType job_type(const std::string& t) {
  if (t == "batch") return JobType::kBatch;
  if (t == "system") return JobType::kSystem;
  if (t == "sysbatch") return JobType::kSysbatch;
  return JobType::kService;
}

// Splits constraints into the plain checks and the two stateful operands.
void add_constraints(const google::protobuf::RepeatedPtrField<pb::Constraint>& in, bool group_level,
                     GroupAsk* ask) {
  for (const auto& c : in) {
    if (c.operator_() == kConstraintDistinctHosts) {
      if (distinct_hosts_enabled(c.value())) {
        (group_level ? ask->group_distinct_hosts : ask->job_distinct_hosts) = true;
      }
    } else if (c.operator_() == kConstraintDistinctProperty) {
      ask->distinct_properties.push_back({c.attribute(), c.value(), c.operator_()});
    } else {
      ask->constraints.push_back({c.attribute(), c.value(), c.operator_()});
    }
  }
}

std::vector<Affinity> affinities_of(const google::protobuf::RepeatedPtrField<pb::Affinity>& in) {
  std::vector<Affinity> out;
  for (const auto& a : in) out.push_back({a.attribute(), a.value(), a.operator_(), a.weight()});
  return out;
}

std::vector<Spread> spreads_of(const google::protobuf::RepeatedPtrField<pb::Spread>& in) {
  std::vector<Spread> out;
  for (const auto& s : in) {
    Spread spread{s.attribute(), s.weight(), {}};
    for (const auto& t : s.targets()) spread.targets.push_back({t.value(), t.percent()});
    out.push_back(std::move(spread));
  }
  return out;
}

// The cluster datacenters a job's names and "*" patterns match, in the cluster's order
// (scenarios/datacenter_glob.h).
std::vector<std::string> expand_datacenters(const pb::Job& job,
                                            const std::vector<std::string>& cluster_datacenters) {
  std::vector<std::string> out;
  for (const auto& dc : cluster_datacenters) {
    for (const auto& pattern : job.datacenters()) {
      if (pb::datacenter_matches(pattern, dc)) {
        out.push_back(dc);
        break;
      }
    }
  }
  return out;
}

GroupAsk ask_of(const pb::Job& job, int job_index, const pb::Group& g, int group_index,
                const std::vector<std::string>& cluster_datacenters) {
  GroupAsk ask;
  ask.job = job_index;
  ask.group = group_index;
  ask.job_name = job.name();
  ask.group_name = g.name();
  ask.type = job_type(job.type());
  ask.priority = job.priority();
  ask.count = g.count();
  ask.datacenters = expand_datacenters(job, cluster_datacenters);
  ask.node_pool = job.node_pool();
  ask.network_mode = g.network().mode();
  ask.shutdown_delay = duration(g.shutdown_delay(), "group shutdown_delay");
  ask.restart.attempts = g.restart().attempts();
  ask.restart.interval = duration(g.restart().interval(), "group restart interval");
  ask.restart.delay = duration(g.restart().delay(), "group restart delay");
  ask.restart.mode = g.restart().mode();
  ask.migrate.max_parallel = g.migrate().max_parallel();
  ask.migrate.min_healthy_time =
      duration(g.migrate().min_healthy_time(), "group migrate min_healthy_time");
  ask.migrate.healthy_deadline =
      duration(g.migrate().healthy_deadline(), "group migrate healthy_deadline");
  for (const auto& t : g.tasks()) ask.drivers.insert(t.driver());
  for (const auto& p : g.network().ports()) {
    ask.ports.push_back(PortAsk{p.label(), p.static_(), p.to(), p.host_network()});
  }
  add_constraints(job.constraints(), false, &ask);
  add_constraints(g.constraints(), true, &ask);
  // Nomad's Connect hook (nomad/job_endpoint_hook_connect.go): a sidecar task per Connect
  // service, with its resources, driver and constraints, and a dynamic port mapped to -1.
  for (const auto& svc : g.services()) {
    if (!svc.connect().sidecar_service()) continue;
    const std::string label = "connect-proxy-" + svc.name();
    ask.drivers.insert("docker");  // groupConnectGuessTaskDriver
    ask.ports.push_back(PortAsk{label, 0, -1, std::string(kDefaultHostNetwork)});
    ask.constraints.push_back({"${attr.consul.version}", ">= 1.8.0", "semver"});
    ask.constraints.push_back({"${attr.consul.grpc}", "0", ">"});
  }
  // Lifecycle phases and the sidecar's 250 MHz / 128 MB: scenarios/group_resources.h.
  const pb::GroupResources held = pb::group_resources(g);
  ask.resources = make_resources(held.cpu_mhz, held.memory_mb, held.disk_mb);
  ask.affinities = affinities_of(job.affinities());
  const auto group_affinities = affinities_of(g.affinities());
  ask.affinities.insert(ask.affinities.end(), group_affinities.begin(), group_affinities.end());
  ask.job_spreads = spreads_of(job.spreads());
  ask.group_spreads = spreads_of(g.spreads());
  return ask;
}

template <typename T>
int index_of(const T& items, const std::string& name, const std::string& what) {
  for (int i = 0; i < items.size(); ++i) {
    if (items[i].name() == name) return i;
  }
  throw std::invalid_argument(what + " \"" + name + "\" does not exist");
}

}  // namespace

Model build_model(const scenario::Scenario& s) {
  Model m;
  m.name = s.name();
  m.algorithm = s.cluster().scheduler().algorithm();
  const pb::SchedulerConfig& scheduler = s.cluster().scheduler();
  m.system_preemption = scheduler.system_preemption();
  m.sysbatch_preemption = scheduler.sysbatch_preemption();
  m.batch_preemption = scheduler.batch_preemption();
  m.service_preemption = scheduler.service_preemption();
  for (const auto& np : s.cluster().node_pools()) {
    if (!np.scheduler_algorithm().empty()) m.pool_algorithms[np.name()] = np.scheduler_algorithm();
  }
  for (const auto& p : s.cluster().pools()) m.pools.push_back({shape_of(p), p.count()});
  const std::vector<std::string> cluster_datacenters(s.cluster().datacenters().begin(),
                                                     s.cluster().datacenters().end());
  std::set<std::string> submitted_later;
  for (const auto& e : s.timeline()) {
    if (e.has_submit_job()) submitted_later.insert(e.submit_job().job());
  }
  for (int j = 0; j < s.jobs_size(); ++j) {
    const pb::Job& job = s.jobs(j);
    JobSpec spec;
    spec.name = job.name();
    spec.type = job_type(job.type());
    spec.priority = job.priority();
    spec.datacenters = expand_datacenters(job, cluster_datacenters);
    spec.node_pool = job.node_pool();
    for (int g = 0; g < job.groups_size(); ++g) {
      spec.groups.push_back(ask_of(job, j, job.groups(g), g, cluster_datacenters));
    }
    const auto& r = job.reschedule();
    const std::string where = "job \"" + job.name() + "\" reschedule";
    spec.reschedule = ReschedulePolicy{
        r.attempts(),       duration(r.interval(), where),  duration(r.delay(), where),
        r.delay_function(), duration(r.max_delay(), where), r.unlimited()};
    const auto& u = job.update();
    spec.update.max_parallel = u.max_parallel();
    spec.update.min_healthy_time = duration(u.min_healthy_time(), "job update min_healthy_time");
    spec.update.healthy_deadline = duration(u.healthy_deadline(), "job update healthy_deadline");
    spec.update.canary = u.canary();
    spec.update.auto_promote = u.auto_promote();
    spec.update.stagger = duration(u.stagger(), "job update stagger");
    spec.submit_at_start = submitted_later.count(job.name()) == 0;
    m.jobs.push_back(std::move(spec));
  }
  for (const auto& a : s.allocations()) {
    RunningAllocSpec r;
    r.job = index_of(s.jobs(), a.job(), "job");
    r.group = index_of(s.jobs(r.job).groups(), a.group(), "group");
    r.index = a.index();
    r.node = a.node();
    r.id = a.id();
    for (const auto& p : a.ports()) r.ports[p.label()] = p.value();
    m.running.push_back(std::move(r));
  }
  for (const auto& e : s.timeline()) {
    TimelineEvent t;
    t.at = duration(e.at(), "timeline");
    switch (e.event_case()) {
      case pb::TimelineEvent::kSubmitJob:
        t.kind = TimelineEvent::Kind::kSubmitJob;
        t.job = index_of(s.jobs(), e.submit_job().job(), "job");
        break;
      case pb::TimelineEvent::kScaleGroup:
        t.kind = TimelineEvent::Kind::kScaleGroup;
        t.job = index_of(s.jobs(), e.scale_group().job(), "job");
        t.group = index_of(s.jobs(t.job).groups(), e.scale_group().group(), "group");
        t.count = e.scale_group().count();
        break;
      case pb::TimelineEvent::kStopJob:
        t.kind = TimelineEvent::Kind::kStopJob;
        t.job = index_of(s.jobs(), e.stop_job().job(), "job");
        break;
      case pb::TimelineEvent::kFailNode:
        t.kind = TimelineEvent::Kind::kFailNode;
        t.node = e.fail_node().node();
        if (t.node.empty()) {
          const pb::AllocName alloc = pb::resolve_alloc_name(s, e.fail_node().alloc());
          if (alloc.job < 0 || alloc.index < 0) {
            throw std::invalid_argument("fail_node: allocation \"" + e.fail_node().alloc() +
                                        "\" does not exist");
          }
          t.job = alloc.job;
          t.group = alloc.group;
          t.index = alloc.index;
        }
        break;
      case pb::TimelineEvent::kRecoverNode:
        t.kind = TimelineEvent::Kind::kRecoverNode;
        t.node = e.recover_node().node();
        break;
      case pb::TimelineEvent::kDrainNode:
        t.kind = TimelineEvent::Kind::kDrainNode;
        t.node = e.drain_node().node();
        t.deadline = duration(e.drain_node().deadline(), "timeline drain_node");
        break;
      case pb::TimelineEvent::kAddNodes:
        t.kind = TimelineEvent::Kind::kAddNodes;
        t.pool = index_of(s.cluster().pools(), e.add_nodes().pool(), "pool");
        t.count = e.add_nodes().count();
        break;
      case pb::TimelineEvent::kUpdateJob:
        t.kind = TimelineEvent::Kind::kUpdateJob;
        t.job = index_of(s.jobs(), e.update_job().job(), "job");
        break;
      case pb::TimelineEvent::kFailAlloc:
        t.kind = TimelineEvent::Kind::kFailAlloc;
        t.job = index_of(s.jobs(), e.fail_alloc().job(), "job");
        t.group = index_of(s.jobs(t.job).groups(), e.fail_alloc().group(), "group");
        t.index = e.fail_alloc().index();
        t.count = e.fail_alloc().times();
        break;
      case pb::TimelineEvent::EVENT_NOT_SET:
        continue;
    }
    m.timeline.push_back(std::move(t));
  }
  std::stable_sort(m.timeline.begin(), m.timeline.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) { return a.at < b.at; });
  for (int j = 0; j < s.jobs_size(); ++j) {
    for (int g = 0; g < s.jobs(j).groups_size(); ++g) {
      for (const auto& svc : s.jobs(j).groups(g).services()) {
        ServiceSpec spec;
        spec.name = svc.name();
        spec.job = j;
        spec.group = g;
        spec.port_label = svc.port();
        spec.consul = svc.provider() != "nomad";
        if (!svc.checks().empty()) {
          spec.check_interval = duration(svc.checks(0).interval(), "service check interval");
        }
        spec.connect = svc.connect().sidecar_service();
        m.services.push_back(std::move(spec));
      }
    }
  }
  // Explicit consumers, then those the jobs imply (templates, upstreams, env references).
  for (const auto& rc : pb::run_consumers(s)) {
    const pb::Consumer& c = rc.consumer;
    ConsumerSpec spec;
    spec.name = c.name();
    spec.job = index_of(s.jobs(), c.job(), "job");
    const pb::Group& group = s.jobs(spec.job).groups(
        spec.group = index_of(s.jobs(spec.job).groups(), c.group(), "group"));
    spec.task = c.task();
    spec.service = c.service();
    spec.request_rate = c.request_rate_per_s();
    static const std::map<std::string, ConsumerPath> kPaths = {
        {"env", ConsumerPath::kEnv},
        {"localhost", ConsumerPath::kLocalhost},
        {"template", ConsumerPath::kTemplate},
        {"dns", ConsumerPath::kDns},
        {"connect", ConsumerPath::kConnect}};
    spec.path = kPaths.at(c.path());
    for (const auto& t : group.tasks()) {
      if (t.name() != c.task()) continue;
      spec.driver = t.driver();
      for (const auto& tpl : t.templates()) {
        if (tpl.service() != c.service()) continue;
        spec.wait_min = duration(tpl.wait_min(), "template wait_min");
        spec.wait_max = duration(tpl.wait_max(), "template wait_max");
        spec.change_mode = tpl.change_mode();
      }
    }
    m.consumers.push_back(std::move(spec));
  }
  const auto& p = s.propagation();
  PropagationConfig& pc = m.propagation;
  for (const auto& [driver, mean] : p.driver_start_mean()) {
    pc.driver_start_mean[driver] = duration(mean, "propagation driver_start_mean");
  }
  pc.consul_ae_interval = duration(p.consul_ae_interval(), "propagation");
  pc.dns_ttl = duration(p.dns_ttl(), "propagation");
  pc.xds_push = duration(p.xds_push(), "propagation");
  pc.gossip_probe_interval = duration(p.gossip_probe_interval(), "propagation");
  pc.gossip_suspicion_mult = p.gossip_suspicion_mult();
  const auto& topology = s.cluster().topology();
  pc.intra_rack = duration(topology.intra_rack(), "cluster topology");
  pc.inter_rack = duration(topology.inter_rack(), "cluster topology");
  pc.inter_dc = duration(topology.inter_dc(), "cluster topology");
  pc.to_servers = duration(topology.to_servers(), "cluster topology");
  pc.nomad_servers = s.cluster().servers().nomad_servers();
  pc.consul_servers = s.cluster().servers().consul_servers();
  pc.servers_datacenter = s.cluster().servers().datacenter();
  m.liveness =
      LivenessConfig{duration(p.min_heartbeat_ttl(), "propagation"), p.max_heartbeats_per_second(),
                     duration(p.heartbeat_grace(), "propagation")};
  m.seed = s.run().seed();
  m.horizon = duration(s.run().horizon(), "run");
  m.sample_interval = duration(s.run().sample_interval(), "run");
  return m;
}

}  // namespace portolan::models
