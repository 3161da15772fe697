#include "scenarios/loader.h"

#include <google/protobuf/io/tokenizer.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "scenarios/brace_scan.h"
#include "scenarios/job_generator.h"
#include "scenarios/suggest.h"

namespace portolan::scenario {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

class CollectingErrors : public google::protobuf::io::ErrorCollector {
 public:
  explicit CollectingErrors(std::string source) : source_(std::move(source)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (first_line_ < 0) {
      first_line_ = line;
      first_column_ = column;
      first_misfit_ = misfit_message(message);
    }
    problems_.push_back(source_ + ":" + std::to_string(line + 1) + ":" +
                        std::to_string(column + 1) + ": " + with_suggestion(message));
  }
  int first_line() const { return first_line_; }
  int first_column() const { return first_column_; }
  // Whether the first error is what a missing or misplaced brace causes: a name that is a
  // field of some scenario message but not of the one being parsed, or a token out of place.
  bool misfit() const { return first_misfit_; }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);  // an unknown or deprecated field is a mistake here
  }
  std::vector<std::string>& problems() { return problems_; }

 private:
  // `Message type "portolan.scenario.Group" has no field named "cuont".` gains
  // ` (did you mean "count"?)` from the message's own field names.
  static std::string with_suggestion(const std::string& message) {
    static const std::string kType = "Message type \"";
    static const std::string kField = "\" has no field named \"";
    const auto type_end = message.find(kField);
    if (message.rfind(kType, 0) != 0 || type_end == std::string::npos) return message;
    const std::string type = message.substr(kType.size(), type_end - kType.size());
    const auto name_start = type_end + kField.size();
    const auto name_end = message.find('"', name_start);
    if (name_end == std::string::npos) return message;
    const Descriptor* d =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    if (d == nullptr) return message;
    std::vector<std::string> names;
    for (int f = 0; f < d->field_count(); ++f) names.push_back(d->field(f)->name());
    const std::string hint = did_you_mean(message.substr(name_start, name_end - name_start), names);
    if (hint.empty()) return message;
    return message.substr(0, name_end + 1) + hint + message.substr(name_end + 1);
  }

  static void field_names(const Descriptor* d, std::set<std::string>* names,
                          std::set<const Descriptor*>* seen) {
    if (!seen->insert(d).second) return;
    for (int f = 0; f < d->field_count(); ++f) {
      names->insert(d->field(f)->name());
      if (d->field(f)->message_type() != nullptr)
        field_names(d->field(f)->message_type(), names, seen);
    }
  }

  static bool misfit_message(const std::string& message) {
    static const std::string kField = "has no field named \"";
    const auto at = message.find(kField);
    if (at == std::string::npos) {
      // A token out of place ("Expected identifier, got: }", or nothing at the end).
      return message.rfind("Expected ", 0) == 0;
    }
    const auto start = at + kField.size();
    const std::string name = message.substr(start, message.find('"', start) - start);
    static const std::set<std::string> kAll = [] {
      std::set<std::string> names;
      std::set<const Descriptor*> seen;
      field_names(Scenario::descriptor(), &names, &seen);
      return names;
    }();
    return kAll.count(name) != 0;
  }

  std::string source_;
  std::vector<std::string> problems_;
  int first_line_ = -1;
  int first_column_ = -1;
  bool first_misfit_ = false;
};

template <typename T, typename V>
void default_to(T* message, bool (T::*has)() const, void (T::*set)(V), V value) {
  if (!(message->*has)()) (message->*set)(value);
}

void default_string(std::string* s, const char* value) {
  if (s->empty()) *s = value;
}

}  // namespace

namespace {

// The first line (0-based) written inside a message's tree, -1 when none is recorded.
int first_line(const TextFormat::ParseInfoTree& tree, const Descriptor& type) {
  int first = -1;
  for (int f = 0; f < type.field_count(); ++f) {
    const FieldDescriptor* field = type.field(f);
    const int line = tree.GetLocation(field, field->is_repeated() ? 0 : -1).line;
    if (line >= 0 && (first < 0 || line < first)) first = line;
  }
  return first;
}

// A generated job's or event's path as its generator's, or `path` itself.
FieldPath generator_path(const std::vector<GeneratedRange>& generated, const FieldPath& path) {
  if (generated.empty() || path.empty()) return path;
  const bool job = path[0].field == "jobs";
  if (!job && path[0].field != "timeline") return path;
  for (const GeneratedRange& r : generated) {
    const int first = job ? r.first_job : r.first_event;
    const int count = job ? r.jobs : r.events;
    if (path[0].index < first || path[0].index >= first + count) continue;
    FieldPath out = {{"generate", r.generator}};
    if (!job) {
      out.push_back({"submit_every"});
    } else if (path.size() > 1 && path[1].field == "name") {
      out.push_back({"name"});
    } else {
      out.push_back({"job"});
      out.insert(out.end(), path.begin() + 1, path.end());
    }
    return out;
  }
  return path;
}

}  // namespace

int LoadedScenario::line_of(const FieldPath& original) const {
  if (!positions) return 0;
  const FieldPath path = generator_path(generated, original);
  const TextFormat::ParseInfoTree* tree = positions.get();
  const Descriptor* type = Scenario::descriptor();
  int line = 0;
  for (const auto& step : path) {
    if (tree == nullptr || type == nullptr) break;
    const FieldDescriptor* field = type->FindFieldByName(step.field);
    if (field == nullptr) break;
    const int index = field->is_repeated() ? std::max(step.index, 0) : -1;
    auto location = tree->GetLocation(field, index);
    if (location.line < 0 && index > 0) {
      // List syntax (`pools: [{...}, {...}]`) records one location for the whole list; a
      // message element's own fields still have theirs.
      const TextFormat::ParseInfoTree* nested =
          field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
              ? tree->GetTreeForNested(field, index)
              : nullptr;
      location.line = nested != nullptr ? first_line(*nested, *field->message_type()) : -1;
      if (location.line < 0) location = tree->GetLocation(field, 0);
    }
    if (location.line < 0) break;
    line = location.line + 1;
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) break;
    tree = tree->GetTreeForNested(field, index);
    type = field->message_type();
  }
  return line;
}

LoadedScenario parse_text(std::string_view text, std::string_view source_name) {
  LoadedScenario loaded;
  loaded.source_name = std::string(source_name);
  auto tree = std::make_shared<TextFormat::ParseInfoTree>();
  CollectingErrors errors(loaded.source_name);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(tree.get());
  const bool ok = parser.ParseFromString(std::string(text), &loaded.scenario);
  if (!ok || !errors.problems().empty()) {
    if (errors.problems().empty())
      errors.problems().push_back(loaded.source_name + ": not a scenario");
    // Protobuf reports a missing `}` where the text stops fitting the block it thinks is
    // open, often lines later; the brace scan names the block that was never closed. The
    // parser's position says which block only when its error is such a misfit (a field of
    // another message, or the end of the text); a misspelt field elsewhere is its own error,
    // reported first, and the unclosed block is then the last one open at the end.
    const bool misfit = errors.misfit();
    const std::optional<BraceProblem> brace = find_brace_problem(
        text, misfit ? errors.first_line() : -1, misfit ? errors.first_column() : -1);
    if (brace) {
      const std::string line = loaded.source_name + ":" + std::to_string(brace->line) + ":" +
                               std::to_string(brace->column) + ": " + brace->message;
      std::vector<std::string> problems;
      if (misfit) problems.push_back(line);
      for (auto& p : errors.problems()) problems.push_back(std::move(p));
      if (!misfit) problems.push_back(line);
      throw ScenarioError(std::move(problems));
    }
    throw ScenarioError(std::move(errors.problems()));
  }
  loaded.positions = std::move(tree);
  expand_generators(&loaded);
  if (loaded.scenario.name().empty()) {
    loaded.scenario.set_name(std::filesystem::path(loaded.source_name).stem().string());
  }
  apply_defaults(&loaded.scenario);
  return loaded;
}

LoadedScenario load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ScenarioError({path + ": is a directory, not a scenario file"});
  }
  std::ifstream in(path);
  if (!in) throw ScenarioError({path + ": cannot read the file"});
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ScenarioError({path + ": cannot read the file"});
  return parse_text(text.str(), path);
}

void apply_defaults(Scenario* s) {
  Cluster* cluster = s->mutable_cluster();
  default_string(cluster->mutable_region(), "global");
  std::set<std::string> datacenters(cluster->datacenters().begin(), cluster->datacenters().end());
  for (NodePool& pool : *cluster->mutable_pools()) {
    default_to(&pool, &NodePool::has_count, &NodePool::set_count,
               std::max(1, pool.node_names_size()));
    default_string(pool.mutable_datacenter(), "dc1");
    default_string(pool.mutable_address(), "10.0.0.1");
    Resources* r = pool.mutable_resources();
    default_to(r, &Resources::has_cpu_mhz, &Resources::set_cpu_mhz, int64_t{4000});
    default_to(r, &Resources::has_memory_mb, &Resources::set_memory_mb, int64_t{8192});
    default_to(r, &Resources::has_disk_mb, &Resources::set_disk_mb, int64_t{100000});
    // nomad/structs/network.go DefaultMinDynamicPort / DefaultMaxDynamicPort.
    default_to(&pool, &NodePool::has_min_dynamic_port, &NodePool::set_min_dynamic_port, 20000);
    default_to(&pool, &NodePool::has_max_dynamic_port, &NodePool::set_max_dynamic_port, 32000);
    if (pool.drivers().empty()) {
      for (const char* d : {"docker", "exec", "raw_exec"}) pool.add_drivers(d);
    }
    auto& attrs = *pool.mutable_attributes();
    attrs.try_emplace("kernel.name", "linux");
    attrs.try_emplace("cpu.arch", "amd64");
    for (const auto& d : pool.drivers()) attrs.try_emplace("driver." + d, "true");
    if (pool.consul_agent()) {
      attrs.try_emplace("consul.version", "1.17.0");
      attrs.try_emplace("consul.grpc", "8502");
    }
    if (!cluster->datacenters().empty()) continue;
    datacenters.insert(pool.datacenter());
  }
  if (cluster->datacenters().empty()) {
    for (const auto& dc : datacenters) cluster->add_datacenters(dc);
  }
  default_string(cluster->mutable_scheduler()->mutable_algorithm(), "binpack");
  // nomad/config.go DefaultConfig: PreemptionConfig.
  SchedulerConfig* scheduler = cluster->mutable_scheduler();
  default_to(scheduler, &SchedulerConfig::has_system_preemption,
             &SchedulerConfig::set_system_preemption, true);
  default_to(scheduler, &SchedulerConfig::has_sysbatch_preemption,
             &SchedulerConfig::set_sysbatch_preemption, false);
  default_to(scheduler, &SchedulerConfig::has_batch_preemption,
             &SchedulerConfig::set_batch_preemption, false);
  default_to(scheduler, &SchedulerConfig::has_service_preemption,
             &SchedulerConfig::set_service_preemption, false);
  for (NodePool& pool : *cluster->mutable_pools()) {
    default_string(pool.mutable_node_pool(), "default");
  }
  Servers* servers = cluster->mutable_servers();
  default_to(servers, &Servers::has_nomad_servers, &Servers::set_nomad_servers, 3);
  if (!cluster->pools().empty()) {
    default_string(servers->mutable_datacenter(), cluster->pools(0).datacenter().c_str());
  }
  bool any_consul = false;
  for (const auto& pool : cluster->pools()) any_consul |= pool.consul_agent();
  default_to(servers, &Servers::has_consul_servers, &Servers::set_consul_servers,
             any_consul ? 3 : 0);
  Topology* topology = cluster->mutable_topology();
  default_string(topology->mutable_intra_rack(), "100us");
  default_string(topology->mutable_inter_rack(), "250us");
  default_string(topology->mutable_inter_dc(), "10ms");
  default_string(topology->mutable_to_servers(), "250us");

  for (Job& job : *s->mutable_jobs()) {
    default_string(job.mutable_type(), "service");
    if (job.datacenters().empty()) job.add_datacenters("dc1");
    default_string(job.mutable_node_pool(), "default");  // structs.NodePoolDefault
    default_string(job.mutable_namespace_(), "default");
    default_string(job.mutable_region(), cluster->region().c_str());
    default_to(&job, &Job::has_priority, &Job::set_priority, 50);
    const bool batch = job.type() == "batch" || job.type() == "sysbatch";
    ReschedulePolicy* r = job.mutable_reschedule();
    // structs.DefaultServiceJobReschedulePolicy / DefaultBatchJobReschedulePolicy.
    default_to(r, &ReschedulePolicy::has_attempts, &ReschedulePolicy::set_attempts, batch ? 1 : 0);
    default_string(r->mutable_interval(), batch ? "24h" : "0s");
    default_string(r->mutable_delay(), batch ? "5s" : "30s");
    default_string(r->mutable_delay_function(), batch ? "constant" : "exponential");
    default_string(r->mutable_max_delay(), batch ? "0s" : "1h");
    default_to(r, &ReschedulePolicy::has_unlimited, &ReschedulePolicy::set_unlimited, !batch);
    UpdatePolicy* u = job.mutable_update();  // structs.DefaultUpdateStrategy
    default_to(u, &UpdatePolicy::has_max_parallel, &UpdatePolicy::set_max_parallel, 1);
    default_string(u->mutable_min_healthy_time(), "10s");
    default_string(u->mutable_healthy_deadline(), "5m");
    default_to(u, &UpdatePolicy::has_canary, &UpdatePolicy::set_canary, 0);
    default_to(u, &UpdatePolicy::has_auto_promote, &UpdatePolicy::set_auto_promote, false);
    default_string(u->mutable_stagger(), "30s");
    for (Affinity& a : *job.mutable_affinities()) {
      default_string(a.mutable_operator_(), "=");
      default_to(&a, &Affinity::has_weight, &Affinity::set_weight, 50);
    }
    for (Spread& sp : *job.mutable_spreads()) {
      default_to(&sp, &Spread::has_weight, &Spread::set_weight, 50);
    }
    for (Constraint& c : *job.mutable_constraints()) default_string(c.mutable_operator_(), "=");
    for (Group& g : *job.mutable_groups()) {
      default_to(&g, &Group::has_count, &Group::set_count, 1);
      default_to(&g, &Group::has_ephemeral_disk_mb, &Group::set_ephemeral_disk_mb, int64_t{300});
      default_string(g.mutable_shutdown_delay(), "0s");
      RestartPolicy* rp = g.mutable_restart();  // structs.Default{Service,Batch}JobRestartPolicy
      default_to(rp, &RestartPolicy::has_attempts, &RestartPolicy::set_attempts, batch ? 3 : 2);
      default_string(rp->mutable_interval(), batch ? "24h" : "30m");
      default_string(rp->mutable_delay(), "15s");
      default_string(rp->mutable_mode(), "fail");
      MigratePolicy* mp = g.mutable_migrate();  // structs.DefaultMigrateStrategy
      default_to(mp, &MigratePolicy::has_max_parallel, &MigratePolicy::set_max_parallel, 1);
      default_string(mp->mutable_min_healthy_time(), "10s");
      default_string(mp->mutable_healthy_deadline(), "5m");
      default_string(g.mutable_network()->mutable_mode(), "host");
      for (Port& p : *g.mutable_network()->mutable_ports()) {
        default_string(p.mutable_host_network(), "default");
      }
      for (Constraint& c : *g.mutable_constraints()) default_string(c.mutable_operator_(), "=");
      for (Affinity& a : *g.mutable_affinities()) {
        default_string(a.mutable_operator_(), "=");
        default_to(&a, &Affinity::has_weight, &Affinity::set_weight, 50);
      }
      for (Spread& sp : *g.mutable_spreads()) {
        default_to(&sp, &Spread::has_weight, &Spread::set_weight, 50);
      }
      for (Service& svc : *g.mutable_services()) {
        default_string(svc.mutable_provider(), "consul");
        for (Check& c : *svc.mutable_checks()) {
          default_string(c.mutable_interval(), "10s");
          default_string(c.mutable_timeout(), "2s");
        }
      }
      for (Task& t : *g.mutable_tasks()) {
        default_string(t.mutable_driver(), "docker");
        // structs.DefaultResources: 100 MHz, 300 MB.
        default_to(&t, &Task::has_cpu_mhz, &Task::set_cpu_mhz, int64_t{100});
        default_to(&t, &Task::has_memory_mb, &Task::set_memory_mb, int64_t{300});
        for (Template& tpl : *t.mutable_templates()) {
          // client/config/config.go DefaultTemplateConfig: wait { min = 5s, max = 4m }.
          default_string(tpl.mutable_wait_min(), "5s");
          default_string(tpl.mutable_wait_max(), "4m");
          default_string(tpl.mutable_change_mode(), "restart");
        }
      }
    }
  }
  for (TimelineEvent& e : *s->mutable_timeline()) {
    default_string(e.mutable_at(), "0s");
    if (e.has_drain_node()) default_string(e.mutable_drain_node()->mutable_deadline(), "1h");
    if (e.has_add_nodes() && e.add_nodes().count() == 0) e.mutable_add_nodes()->set_count(1);
    if (e.has_fail_alloc() && !e.fail_alloc().has_times()) e.mutable_fail_alloc()->set_times(1);
  }
  Propagation* p = s->mutable_propagation();  // nomad/config.go DefaultConfig
  default_string(p->mutable_min_heartbeat_ttl(), "10s");
  default_to(p, &Propagation::has_max_heartbeats_per_second,
             &Propagation::set_max_heartbeats_per_second, 50.0);
  default_string(p->mutable_heartbeat_grace(), "10s");
  p->mutable_driver_start_mean()->try_emplace("docker", "2s");
  default_string(p->mutable_consul_ae_interval(), "1m");  // consul agent/ae/ae.go
  default_string(p->mutable_dns_ttl(), "0s");             // consul dns_config.service_ttl
  default_string(p->mutable_xds_push(), "50ms");
  default_string(p->mutable_gossip_probe_interval(), "1s");  // memberlist DefaultLANConfig
  default_to(p, &Propagation::has_gossip_suspicion_mult, &Propagation::set_gossip_suspicion_mult,
             4);
  for (Consumer& c : *s->mutable_consumers()) {
    default_to(&c, &Consumer::has_request_rate_per_s, &Consumer::set_request_rate_per_s, 1.0);
  }
  RunSettings* run = s->mutable_run();
  default_to(run, &RunSettings::has_seed, &RunSettings::set_seed, uint64_t{1});
  default_string(run->mutable_horizon(), "1h");
  default_to(run, &RunSettings::has_replications, &RunSettings::set_replications, 1);
  default_string(run->mutable_sample_interval(), "10s");
}

std::string to_text(const Scenario& scenario) {
  std::string out;
  TextFormat::Printer printer;
  printer.PrintToString(scenario, &out);
  return out;
}

}  // namespace portolan::scenario
