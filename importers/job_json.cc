#include "importers/job_json.h"

#include <algorithm>
#include <regex>
#include <set>

#include "importers/json_access.h"

namespace portolan::importers {
namespace {

using nlohmann::json;
namespace pb = portolan::scenario;

std::string qt(const std::string& s) { return "\"" + s + "\""; }

bool present(const json& o, const char* key) {
  if (!o.is_object()) return false;
  const auto it = o.find(key);
  if (it == o.end() || it->is_null()) return false;
  if ((it->is_object() || it->is_array() || it->is_string()) && it->empty()) return false;
  if (it->is_boolean() && !it->get<bool>()) return false;
  if (it->is_number() && it->get<double>() == 0) return false;
  return true;
}

std::string str(const json& o, const char* key, const std::string& fallback = "") {
  if (!o.is_object()) return fallback;
  const auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// A number beyond int64 (1e300) reads as absent, like any other mistyped field.
std::int64_t num(const json& o, const char* key, std::int64_t fallback = 0) {
  if (!o.is_object()) return fallback;
  const auto it = o.find(key);
  if (it == o.end()) return fallback;
  return json_access::to_int64(*it).value_or(fallback);
}

bool has_num(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && json_access::to_int64(o.at(key)).has_value();
}

const json& field(const json& o, const char* key) {
  static const json kNull;
  if (!o.is_object()) return kNull;
  const auto it = o.find(key);
  return it == o.end() ? kNull : *it;
}

// Builds the warnings of one job, each with its path and, where the HCL converter recorded it,
// the file position.
class Warner {
 public:
  Warner(std::string file, const Positions& positions, ImportedJob* out)
      : file_(std::move(file)), positions_(positions), out_(out) {}

  void set_job(const std::string& name) { job_ = name; }

  void warn(const std::string& json_path, int group, int task, const std::string& message) {
    ImportWarning w;
    w.file = file_;
    w.job = job_;
    w.group = group;
    w.task = task;
    w.where = "job " + qt(job_);
    if (group >= 0 && group < out_->job.groups_size()) {
      w.where += " group " + qt(out_->job.groups(group).name());
      if (task >= 0 && task < out_->job.groups(group).tasks_size()) {
        w.where += " task " + qt(out_->job.groups(group).tasks(task).name());
      }
    }
    w.message = message;
    // The nearest recorded position: the field, else its enclosing block.
    std::string path = json_path;
    while (true) {
      const auto it = positions_.find(path);
      if (it != positions_.end()) {
        set_position(it->second, &w);
        break;
      }
      if (path.empty()) break;
      const auto dot = path.rfind('.');
      path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
    out_->warnings.push_back(std::move(w));
  }

 private:
  static void set_position(const std::string& text, ImportWarning* w) {
    // "FILE:LINE:COLUMN"; the file name may itself hold colons.
    const auto c2 = text.rfind(':');
    const auto c1 = c2 == std::string::npos ? std::string::npos : text.rfind(':', c2 - 1);
    if (c1 == std::string::npos) return;
    w->file = text.substr(0, c1);
    w->line = std::atoi(text.substr(c1 + 1, c2 - c1 - 1).c_str());
    w->column = std::atoi(text.substr(c2 + 1).c_str());
  }

  std::string file_;
  const Positions& positions_;
  ImportedJob* out_;
  std::string job_;
};

// Fields that change nothing portolan simulates, read and set aside on purpose (a driver's
// image, log settings, metadata...), as opposed to the ones a warning lists.
const std::set<std::string> kJobIgnored = {"ID",
                                           "Name",
                                           "Meta",
                                           "Status",
                                           "StatusDescription",
                                           "Stable",
                                           "Version",
                                           "SubmitTime",
                                           "CreateIndex",
                                           "ModifyIndex",
                                           "JobModifyIndex",
                                           "ParentID",
                                           "Dispatched",
                                           "Payload",
                                           "ConsulToken",
                                           "VaultToken",
                                           "NomadTokenID",
                                           "UI",
                                           "AllAtOnce",
                                           "Stop",
                                           "ConsulNamespace",
                                           "VaultNamespace",
                                           "DispatchIdempotencyToken",
                                           "VersionTag",
                                           "Datacenters",
                                           "Type",
                                           "Priority",
                                           "Constraints",
                                           "Affinities",
                                           "Spreads",
                                           "TaskGroups",
                                           "Update",
                                           "Reschedule",
                                           "Migrate",
                                           "Region",
                                           "Namespace",
                                           "NodePool"};
const std::set<std::string> kGroupIgnored = {"Name",
                                             "Count",
                                             "Constraints",
                                             "Affinities",
                                             "Spreads",
                                             "Networks",
                                             "Services",
                                             "Tasks",
                                             "EphemeralDisk",
                                             "ShutdownDelay",
                                             "RestartPolicy",
                                             "Migrate",
                                             "Update",
                                             "ReschedulePolicy",
                                             "Meta",
                                             "Consul",
                                             "StopAfterClientDisconnect"};
const std::set<std::string> kTaskIgnored = {
    "Name",      "Driver",     "Config",        "Env",           "Resources",   "Templates",
    "Lifecycle", "Services",   "Meta",          "LogConfig",     "KillTimeout", "KillSignal",
    "User",      "Leader",     "ShutdownDelay", "RestartPolicy", "Constraints", "Affinities",
    "Identity",  "Identities", "Kind",          "Consul"};

// Go durations as the schema writes them: the largest exact unit.
}  // namespace

std::string duration_text(std::int64_t ns) {
  if (ns == 0) return "0s";
  const std::pair<std::int64_t, const char*> units[] = {
      {3600'000'000'000LL, "h"}, {60'000'000'000LL, "m"}, {1'000'000'000LL, "s"},
      {1'000'000LL, "ms"},       {1'000LL, "us"},         {1, "ns"}};
  for (const auto& [size, unit] : units) {
    if (ns % size == 0) return std::to_string(ns / size) + unit;
  }
  return std::to_string(ns) + "ns";
}

namespace {

class JobMapper {
 public:
  JobMapper(const std::string& file, const Positions& positions)
      : warner_(file, positions, &out_) {}

  ImportedJob map(const json& j) {
    pb::Job& job = out_.job;
    const std::string id = str(j, "ID", str(j, "Name"));
    job.set_name(id);
    warner_.set_job(id);
    job_name_ = id;
    job.set_type(str(j, "Type", "service"));
    if (has_num(j, "Priority")) job.set_priority(static_cast<int>(num(j, "Priority")));
    // api/jobs.go Canonicalize: no datacenters means every datacenter, ["*"] (Nomad 1.5+).
    if (present(j, "Datacenters")) {
      for (const auto& dc : j["Datacenters"]) {
        if (dc.is_string()) job.add_datacenters(dc.get<std::string>());  // else mistyped: skipped
      }
    } else {
      job.add_datacenters("*");
    }
    // api/jobs.go Canonicalize: region "global", namespace "default"; an unset node pool is
    // the namespace's default pool, "default" (nomad/job_endpoint_hook_node_pool.go).
    // Written only when not the default, to keep imported scenarios short.
    if (str(j, "Region", "global") != "global") job.set_region(str(j, "Region"));
    if (str(j, "Namespace", "default") != "default") job.set_namespace_(str(j, "Namespace"));
    if (str(j, "NodePool", "default") != "default") job.set_node_pool(str(j, "NodePool"));
    if (!job.namespace_().empty()) {
      warn("Namespace", -1, -1,
           "namespace " + qt(job.namespace_()) +
               ": kept for reference; Nomad-native service lookups are not scoped by namespace");
    }
    constraints(field(j, "Constraints"), job.mutable_constraints(), "Constraints", -1);
    affinities(field(j, "Affinities"), job.mutable_affinities(), "Affinities");
    spreads(field(j, "Spreads"), job.mutable_spreads(), "Spreads");
    if (field(j, "Update").is_object()) update(j["Update"], job.mutable_update());
    if (field(j, "Reschedule").is_object()) reschedule(j["Reschedule"], job.mutable_reschedule());
    for (const char* k : {"Periodic", "ParameterizedJob", "Multiregion"}) {
      if (present(j, k)) warn(k, -1, -1, std::string(k) + " is not modelled");
    }
    unknown(j, kJobIgnored, "", -1, -1, {"Periodic", "ParameterizedJob", "Multiregion"});
    const json& groups = field(j, "TaskGroups");
    if (groups.is_array()) {
      for (std::size_t g = 0; g < groups.size(); ++g) group(j, groups[g], static_cast<int>(g));
    }
    return std::move(out_);
  }

 private:
  void warn(const std::string& path, int g, int t, const std::string& message) {
    warner_.warn(path, g, t, message);
  }

  // Every key of `o` that is set, neither mapped nor ignored, nor warned about already.
  void unknown(const json& o, const std::set<std::string>& handled, const std::string& path, int g,
               int t, const std::set<std::string>& warned = {}) {
    if (!o.is_object()) return;
    for (const auto& [key, value] : o.items()) {
      if (handled.count(key) || warned.count(key)) continue;
      if (!present(o, key.c_str())) continue;
      warn(path + key, g, t, key + " is not modelled");
    }
  }

  void constraints(const json& in, google::protobuf::RepeatedPtrField<pb::Constraint>* out,
                   const std::string& path, int g) {
    if (!in.is_array()) return;
    for (std::size_t i = 0; i < in.size(); ++i) {
      pb::Constraint* c = out->Add();
      c->set_attribute(str(in[i], "LTarget"));
      c->set_operator_(str(in[i], "Operand", "="));
      c->set_value(str(in[i], "RTarget"));
      (void)path;
      (void)g;
    }
  }

  void affinities(const json& in, google::protobuf::RepeatedPtrField<pb::Affinity>* out,
                  const std::string&) {
    if (!in.is_array()) return;
    for (const auto& a : in) {
      pb::Affinity* o = out->Add();
      o->set_attribute(str(a, "LTarget"));
      o->set_operator_(str(a, "Operand", "="));
      o->set_value(str(a, "RTarget"));
      if (has_num(a, "Weight")) o->set_weight(static_cast<int>(num(a, "Weight")));
    }
  }

  void spreads(const json& in, google::protobuf::RepeatedPtrField<pb::Spread>* out,
               const std::string&) {
    if (!in.is_array()) return;
    for (const auto& s : in) {
      pb::Spread* o = out->Add();
      o->set_attribute(str(s, "Attribute"));
      if (has_num(s, "Weight")) o->set_weight(static_cast<int>(num(s, "Weight")));
      const json& targets = field(s, "SpreadTarget");
      if (!targets.is_array()) continue;
      for (const auto& t : targets) {
        pb::SpreadTarget* target = o->add_targets();
        target->set_value(str(t, "Value"));
        target->set_percent(static_cast<int>(num(t, "Percent")));
      }
    }
  }

  static void set_duration(const json& o, const char* key, std::string* out) {
    if (has_num(o, key)) *out = duration_text(num(o, key));
  }

  void update(const json& u, pb::UpdatePolicy* out) {
    if (has_num(u, "MaxParallel")) out->set_max_parallel(static_cast<int>(num(u, "MaxParallel")));
    set_duration(u, "MinHealthyTime", out->mutable_min_healthy_time());
    set_duration(u, "HealthyDeadline", out->mutable_healthy_deadline());
    if (has_num(u, "Canary")) out->set_canary(static_cast<int>(num(u, "Canary")));
    if (u.contains("AutoPromote") && u["AutoPromote"].is_boolean()) {
      out->set_auto_promote(u["AutoPromote"].get<bool>());
    }
    set_duration(u, "Stagger", out->mutable_stagger());
  }

  void reschedule(const json& r, pb::ReschedulePolicy* out) {
    if (has_num(r, "Attempts")) out->set_attempts(static_cast<int>(num(r, "Attempts")));
    set_duration(r, "Interval", out->mutable_interval());
    set_duration(r, "Delay", out->mutable_delay());
    if (!str(r, "DelayFunction").empty()) out->set_delay_function(str(r, "DelayFunction"));
    set_duration(r, "MaxDelay", out->mutable_max_delay());
    if (r.contains("Unlimited") && r["Unlimited"].is_boolean()) {
      out->set_unlimited(r["Unlimited"].get<bool>());
    }
  }

  void ports(const json& network, pb::Network* out, const std::string& path, int g,
             std::set<std::string>* labels) {
    for (const char* kind : {"ReservedPorts", "DynamicPorts"}) {
      const json& list = field(network, kind);
      if (!list.is_array()) continue;
      for (const auto& p : list) {
        const std::string label = str(p, "Label");
        if (!labels->insert(label).second) continue;  // a task network repeating the group's
        pb::Port* port = out->add_ports();
        port->set_label(label);
        if (std::string(kind) == "ReservedPorts")
          port->set_static_(static_cast<int>(num(p, "Value")));
        if (has_num(p, "To")) port->set_to(static_cast<int>(num(p, "To")));
        if (!str(p, "HostNetwork").empty()) port->set_host_network(str(p, "HostNetwork"));
        if (p.contains("IgnoreCollision") && p["IgnoreCollision"].is_boolean() &&
            p["IgnoreCollision"].get<bool>()) {
          warn(path + kind, g, -1, "port " + qt(label) + ": ignore_collision is not modelled");
        }
      }
    }
  }

  void group(const json& j, const json& tg, int g) {
    pb::Group& group = *out_.job.add_groups();
    const std::string gp = "TaskGroups." + std::to_string(g) + ".";
    group.set_name(str(tg, "Name"));
    group.set_count(has_num(tg, "Count") ? static_cast<int>(num(tg, "Count")) : 1);
    constraints(field(tg, "Constraints"), group.mutable_constraints(), gp + "Constraints", g);
    affinities(field(tg, "Affinities"), group.mutable_affinities(), gp + "Affinities");
    spreads(field(tg, "Spreads"), group.mutable_spreads(), gp + "Spreads");
    std::set<std::string> labels;
    const json& networks = field(tg, "Networks");
    if (networks.is_array() && !networks.empty()) {
      const json& n = networks[0];
      const std::string mode = str(n, "Mode", "host");
      group.mutable_network()->set_mode(mode.empty() ? "host" : mode);
      ports(n, group.mutable_network(), gp + "Networks.0.", g, &labels);
      for (const char* k : {"DNS", "Hostname", "CNI"}) {
        if (present(n, k))
          warn(gp + "Networks.0." + k, g, -1, std::string("network ") + k + " is not modelled");
      }
      if (networks.size() > 1)
        warn(gp + "Networks.1", g, -1, "only the first network block is modelled");
    }
    if (field(tg, "EphemeralDisk").is_object() && has_num(tg["EphemeralDisk"], "SizeMB")) {
      group.set_ephemeral_disk_mb(num(tg["EphemeralDisk"], "SizeMB"));
    }
    if (has_num(tg, "ShutdownDelay"))
      group.set_shutdown_delay(duration_text(num(tg, "ShutdownDelay")));
    if (field(tg, "RestartPolicy").is_object()) {
      const json& r = tg["RestartPolicy"];
      pb::RestartPolicy* out = group.mutable_restart();
      if (has_num(r, "Attempts")) out->set_attempts(static_cast<int>(num(r, "Attempts")));
      set_duration(r, "Interval", out->mutable_interval());
      set_duration(r, "Delay", out->mutable_delay());
      if (!str(r, "Mode").empty()) out->set_mode(str(r, "Mode"));
    }
    // The job's migrate block is every group's default (api/jobs.go Canonicalize); the group's
    // own wins field by field.
    for (const json* m : {&field(j, "Migrate"), &field(tg, "Migrate")}) {
      if (!m->is_object()) continue;
      pb::MigratePolicy* out = group.mutable_migrate();
      if (has_num(*m, "MaxParallel"))
        out->set_max_parallel(static_cast<int>(num(*m, "MaxParallel")));
      set_duration(*m, "MinHealthyTime", out->mutable_min_healthy_time());
      set_duration(*m, "HealthyDeadline", out->mutable_healthy_deadline());
    }
    // portolan's update and reschedule blocks are per job: a group's own block becomes the job's
    // when the job has none and no other group differs.
    for (const auto& [key, job_key] : {std::pair<const char*, const char*>{"Update", "Update"},
                                       {"ReschedulePolicy", "Reschedule"}}) {
      if (!field(tg, key).is_object()) continue;
      const bool job_has = field(j, job_key).is_object();
      if (!job_has && !group_policy_taken_[key]) {
        group_policy_taken_[key] = true;
        if (std::string(key) == "Update") {
          update(tg[key], out_.job.mutable_update());
        } else {
          reschedule(tg[key], out_.job.mutable_reschedule());
        }
        if (g > 0)
          warn(
              gp + key, g, -1,
              std::string(key) + " of this group applies to the whole job (portolan's is per job)");
      } else if (!job_has || field(j, job_key) != tg[key]) {
        if (group_policy_taken_[key] || job_has) {
          warn(gp + key, g, -1, std::string(key) + " per group is not modelled: the job's applies");
        }
      }
    }
    for (const char* k : {"Volumes", "Scaling", "Disconnect", "MaxClientDisconnect",
                          "PreventRescheduleOnLost", "MaxRunDuration"}) {
      if (present(tg, k)) warn(gp + k, g, -1, std::string(k) + " is not modelled");
    }
    unknown(tg, kGroupIgnored, gp, g, -1,
            {"Volumes", "Scaling", "Disconnect", "MaxClientDisconnect", "PreventRescheduleOnLost",
             "MaxRunDuration"});
    const json& services = field(tg, "Services");
    if (services.is_array()) {
      for (std::size_t s = 0; s < services.size(); ++s) {
        service(services[s], &group, gp + "Services." + std::to_string(s) + ".", g, "");
      }
    }
    const json& tasks = field(tg, "Tasks");
    if (tasks.is_array()) {
      for (std::size_t t = 0; t < tasks.size(); ++t) {
        task(tasks[t], &group, gp + "Tasks." + std::to_string(t) + ".", g, static_cast<int>(t),
             &labels);
      }
    }
  }

  // A numeric service port ("6379", Connect's in-namespace port) names no label; it is the
  // group port mapped to it, when there is one.
  std::string port_label(const std::string& port, const pb::Group& group) {
    if (port.empty() || !std::all_of(port.begin(), port.end(), ::isdigit)) return port;
    const int n = std::atoi(port.c_str());
    for (const auto& p : group.network().ports()) {
      if (p.to() == n || (p.to() == 0 && p.static_() == n)) return p.label();
    }
    return port;
  }

  void service(const json& s, pb::Group* group, const std::string& path, int g,
               const std::string& task) {
    pb::Service* svc = group->add_services();
    // api/services.go Service.Canonicalize: an unnamed service is "<job>-<group>[-<task>]".
    std::string name = str(s, "Name");
    if (name.empty()) {
      name = job_name_ + "-" + group->name() + (task.empty() ? "" : "-" + task);
    }
    svc->set_name(name);
    const std::string port = str(s, "PortLabel");
    const std::string label = port_label(port, *group);
    if (label != port) {
      svc->set_port(label);
    } else if (!port.empty() && std::all_of(port.begin(), port.end(), ::isdigit)) {
      warn(path + "PortLabel", g, -1,
           "service " + qt(name) + ": port " + port + " maps to no group port; not advertised");
    } else {
      svc->set_port(port);
    }
    svc->set_provider(str(s, "Provider", "consul"));
    if (field(s, "Tags").is_array()) {
      for (const auto& t : s["Tags"]) {
        if (t.is_string()) svc->add_tags(t.get<std::string>());  // else mistyped: skipped
      }
    }
    const json& checks = field(s, "Checks");
    if (checks.is_array()) {
      for (const auto& c : checks) {
        pb::Check* check = svc->add_checks();
        check->set_type(str(c, "Type"));
        set_duration(c, "Interval", check->mutable_interval());
        set_duration(c, "Timeout", check->mutable_timeout());
      }
    }
    const json& connect = field(s, "Connect");
    if (connect.is_object()) {
      if (connect.contains("SidecarService") && connect["SidecarService"].is_object()) {
        svc->mutable_connect()->set_sidecar_service(true);
        const json& ups = field(field(connect["SidecarService"], "Proxy"), "Upstreams");
        if (ups.is_array()) {
          for (const auto& u : ups) {
            pb::Upstream* up = svc->mutable_connect()->add_upstreams();
            up->set_destination_name(str(u, "DestinationName"));
            up->set_local_bind_port(static_cast<int>(num(u, "LocalBindPort")));
          }
        }
      }
      if (connect.contains("Native") && connect["Native"].is_boolean() &&
          connect["Native"].get<bool>()) {
        svc->mutable_connect()->set_native(true);
      }
      if (present(connect, "Gateway")) {
        warn(path + "Connect", g, -1,
             "service " + qt(name) + ": Connect gateways are not modelled");
      }
      if (present(connect, "SidecarTask")) {
        warn(path + "Connect", g, -1,
             "service " + qt(name) +
                 ": sidecar_task is not modelled: the proxy asks Nomad's default 250 MHz, 128 MB");
      }
    }
  }

  // Template services: {{ range service "tag.name@dc" }}, {{ range nomadService "name" }},
  // inside template actions only.
  void templates(const json& list, pb::Task* task, const std::string& path, int g, int t) {
    if (!list.is_array()) return;
    static const std::regex kRef(
        R"re(\{\{[^}]*?\b(nomadService|service|nomadServices|services)\b(\s+\d+\s+"[^"]*")?\s*(?:"([^"]*)")?)re");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const json& tpl = list[k];
      const std::string tp = path + "Templates." + std::to_string(k);
      const std::string data = str(tpl, "EmbeddedTmpl");
      if (data.empty() && !str(tpl, "SourcePath").empty()) {
        warn(tp, g, t,
             "template source " + qt(str(tpl, "SourcePath")) +
                 " is not read: services it ranges over are not consumers");
        continue;
      }
      std::set<std::string> seen;
      for (auto it = std::sregex_iterator(data.begin(), data.end(), kRef);
           it != std::sregex_iterator(); ++it) {
        const std::string fn = (*it)[1];
        if (fn == "services" || fn == "nomadServices") {
          warn(tp, g, t, "template lists the catalog (" + fn + "): not a consumer of any service");
          continue;
        }
        std::string name = (*it)[3];
        if (name.empty()) continue;
        // consul-template's "tag.name@dc|filter" and nomadService's "tag.name@region".
        name = name.substr(0, name.find('|'));
        name = name.substr(0, name.find('@'));
        if (const auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
        if (name.empty() || !seen.insert(name).second) continue;
        pb::Template* out = task->add_templates();
        out->set_service(name);
        const json& wait = field(tpl, "Wait");
        set_duration(wait, "Min", out->mutable_wait_min());
        set_duration(wait, "Max", out->mutable_wait_max());
        std::string mode = str(tpl, "ChangeMode", "restart");
        if (mode == "script") {
          warn(tp, g, t, "change_mode \"script\" is modelled as \"noop\"");
          mode = "noop";
        }
        out->set_change_mode(mode);
      }
    }
  }

  void task(const json& tj, pb::Group* group, const std::string& path, int g, int t,
            std::set<std::string>* labels) {
    pb::Task* task = group->add_tasks();
    task->set_name(str(tj, "Name"));
    task->set_driver(str(tj, "Driver", "docker"));
    const json& r = field(tj, "Resources");
    // api/resources.go Resources.Canonicalize: 100 MHz, 300 MB.
    task->set_cpu_mhz(has_num(r, "CPU") ? num(r, "CPU") : 100);
    task->set_memory_mb(has_num(r, "MemoryMB") ? num(r, "MemoryMB") : 300);
    if (has_num(r, "MemoryMaxMB") && num(r, "MemoryMaxMB") > 0) {
      task->set_memory_max_mb(num(r, "MemoryMaxMB"));
    }
    if (present(r, "Cores")) {
      warn(path + "Resources.Cores", g, t,
           "reserved cores are not modelled; cpu " + std::to_string(task->cpu_mhz()) +
               " MHz counts");
    }
    for (const char* k : {"Devices", "NUMA", "IOPS", "SecretsMB"}) {
      if (present(r, k)) warn(path + "Resources." + k, g, t, std::string(k) + " is not modelled");
    }
    if (present(r, "DiskMB")) {
      warn(path + "Resources.DiskMB", g, t,
           "task disk is deprecated in Nomad and not modelled; "
           "ephemeral_disk counts");
    }
    // Pre-0.12 task-level networks: their ports join the group's network.
    const json& tn = field(r, "Networks");
    if (tn.is_array() && !tn.empty()) {
      if (!group->has_network()) group->mutable_network()->set_mode(str(tn[0], "Mode", "host"));
      for (const auto& n : tn)
        ports(n, group->mutable_network(), path + "Resources.Networks.", g, labels);
    }
    const json& config = field(tj, "Config");
    if (field(config, "ports").is_array()) {
      for (const auto& p : config["ports"]) {
        if (p.is_string()) task->add_ports(p.get<std::string>());
      }
    } else if (tn.is_array()) {
      for (const auto& n : tn) {
        for (const char* kind : {"ReservedPorts", "DynamicPorts"}) {
          if (!field(n, kind).is_array()) continue;
          for (const auto& p : n[kind]) task->add_ports(str(p, "Label"));
        }
      }
    }
    if (field(tj, "Env").is_object()) {
      for (const auto& [k, v] : tj["Env"].items()) {
        if (v.is_string()) (*task->mutable_env())[k] = v.get<std::string>();
      }
    }
    templates(field(tj, "Templates"), task, path, g, t);
    const json& lc = field(tj, "Lifecycle");
    if (lc.is_object() && !str(lc, "Hook").empty()) {
      task->mutable_lifecycle()->set_hook(str(lc, "Hook"));
      if (lc.contains("Sidecar") && lc["Sidecar"].is_boolean()) {
        task->mutable_lifecycle()->set_sidecar(lc["Sidecar"].get<bool>());
      }
    }
    const json& services = field(tj, "Services");
    if (services.is_array()) {
      for (std::size_t s = 0; s < services.size(); ++s) {
        service(services[s], group, path + "Services." + std::to_string(s) + ".", g, task->name());
      }
    }
    if (present(tj, "Constraints") || present(tj, "Affinities")) {
      // Nomad folds task constraints into the group's (scheduler/feasible.go: the group's
      // constraints are the union of its tasks').
      constraints(field(tj, "Constraints"), group->mutable_constraints(), path + "Constraints", g);
      affinities(field(tj, "Affinities"), group->mutable_affinities(), path + "Affinities");
    }
    if (present(tj, "RestartPolicy")) {
      warn(path + "RestartPolicy", g, t,
           "a task's own restart block is not modelled; the group's applies");
    }
    if (present(tj, "ShutdownDelay")) {
      warn(path + "ShutdownDelay", g, t,
           "a task's shutdown_delay is not modelled; the group's applies");
    }
    const std::set<std::string> listed = {"Vault",           "Artifacts",       "VolumeMounts",
                                          "CSIPluginConfig", "DispatchPayload", "Secrets",
                                          "ScalingPolicies", "Actions",         "Schedule"};
    for (const auto& k : listed) {
      if (present(tj, k.c_str())) {
        std::string what = k == "Vault"             ? "vault"
                           : k == "Artifacts"       ? "artifacts"
                           : k == "VolumeMounts"    ? "volume mounts"
                           : k == "CSIPluginConfig" ? "CSI plugin"
                                                    : k;
        warn(path + k, g, t, what + " is not modelled");
      }
    }
    unknown(tj, kTaskIgnored, path, g, t, listed);
  }

  ImportedJob out_;
  Warner warner_;
  std::string job_name_;
  std::map<std::string, bool> group_policy_taken_;
};

}  // namespace

ImportedJob job_from_api_json(const json& doc, const std::string& file,
                              const Positions& positions) {
  const json* job = &doc;
  if (doc.is_object() && doc.contains("Job") && doc["Job"].is_object()) job = &doc["Job"];
  if (!job->is_object() || (!job->contains("ID") && !job->contains("Name"))) {
    throw ImportError({file + ": not a Nomad job (expected {\"Job\": {...}} or a job with an ID)"});
  }
  if (!job->contains("TaskGroups") || !(*job)["TaskGroups"].is_array() ||
      (*job)["TaskGroups"].empty()) {
    throw ImportError(
        {file + ": job " + qt(str(*job, "ID", str(*job, "Name"))) + " has no task groups"});
  }
  return JobMapper(file, positions).map(*job);
}

}  // namespace portolan::importers
