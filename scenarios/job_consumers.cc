#include "scenarios/job_consumers.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace portolan::scenario {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;

Key key_of(const Consumer& c) { return {c.job(), c.group(), c.task(), c.service(), c.path()}; }

bool env_name_matches(const std::string& reference, const std::string& name) {
  return reference == name || reference == clean_env_name(name);
}

// The derived consumers of one task, in the documented order, without duplicates.
void derive_task(const Scenario& s, int j, int g, int t, std::vector<RunConsumer>* out) {
  const Job& job = s.jobs(j);
  const Group& group = job.groups(g);
  const Task& task = group.tasks(t);
  const FieldPath task_path = {{"jobs", j}, {"groups", g}, {"tasks", t}};
  std::set<std::pair<std::string, std::string>> seen;  // (service, path)
  auto add = [&](const std::string& service, const std::string& path, FieldPath source,
                 std::string what) {
    if (service.empty() || !seen.insert({service, path}).second) return;
    RunConsumer rc;
    rc.consumer.set_job(job.name());
    rc.consumer.set_group(group.name());
    rc.consumer.set_task(task.name());
    rc.consumer.set_service(service);
    rc.consumer.set_path(path);
    rc.consumer.set_request_rate_per_s(1.0);  // Consumer.request_rate_per_s's default
    rc.consumer.set_name(derived_consumer_name(rc.consumer));
    rc.derived = true;
    rc.source = std::move(source);
    rc.source_what = std::move(what);
    out->push_back(std::move(rc));
  };
  auto extend = [&](std::initializer_list<PathStep> rest) {
    FieldPath f = task_path;
    f.insert(f.end(), rest);
    return f;
  };
  for (int k = 0; k < task.templates_size(); ++k) {
    add(task.templates(k).service(), "template", extend({{"templates", k}, {"service"}}),
        "template \"" + task.templates(k).service() + "\"");
  }
  // Env keys sorted: a protobuf map's iteration order is unspecified.
  const std::map<std::string, std::string> env(task.env().begin(), task.env().end());
  // The group's upstreams: Nomad gives NOMAD_UPSTREAM_* and the Envoy listeners only for the
  // upstreams of Connect sidecars (client/taskenv/env.go setAlloc, buildUpstreamsEnv).
  for (int v = 0; v < group.services_size(); ++v) {
    const Service& svc = group.services(v);
    if (!svc.connect().sidecar_service()) continue;
    for (int u = 0; u < svc.connect().upstreams_size(); ++u) {
      const std::string& dest = svc.connect().upstreams(u).destination_name();
      auto referenced_by = [&](const Task& other) {
        for (const auto& [name, value] : other.env()) {
          for (const auto& x : env_references(value, true)) {
            if (env_name_matches(x, dest)) return true;
          }
        }
        return false;
      };
      const bool any_task_refers =
          std::any_of(group.tasks().begin(), group.tasks().end(),
                      [&](const Task& other) { return referenced_by(other); });
      if (any_task_refers && !referenced_by(task)) continue;
      add(dest, "connect",
          {{"jobs", j}, {"groups", g}, {"services", v}, {"connect"}, {"upstreams", u}},
          "upstream \"" + dest + "\"");
    }
  }
  for (const auto& [name, value] : env) {
    for (const auto& x : env_references(value, /*upstream=*/true)) {
      // The destination this reference names; the reference itself when no upstream matches,
      // so that the validator reports it.
      std::string service = x;
      for (const auto& svc : group.services()) {
        if (!svc.connect().sidecar_service()) continue;
        for (const auto& up : svc.connect().upstreams()) {
          if (env_name_matches(x, up.destination_name())) service = up.destination_name();
        }
      }
      add(service, "connect", extend({{"env"}}), "env " + name);
    }
    for (const auto& label : env_references(value, /*upstream=*/false)) {
      for (const auto& svc : group.services()) {
        if (!svc.port().empty() && env_name_matches(label, svc.port())) {
          add(svc.name(), "env", extend({{"env"}}), "env " + name);
        }
      }
    }
  }
}

}  // namespace

std::string derived_consumer_name(const Consumer& c) {
  return c.job() + "." + c.group() + "." + c.task() + "->" + c.service() + "/" + c.path();
}

std::vector<std::string> env_references(const std::string& value, bool upstream) {
  const std::string prefix = upstream ? "${NOMAD_UPSTREAM_ADDR_" : "${NOMAD_ADDR_";
  std::vector<std::string> out;
  for (std::size_t at = value.find(prefix); at != std::string::npos;
       at = value.find(prefix, at + 1)) {
    const std::size_t start = at + prefix.size();
    const std::size_t end = value.find('}', start);
    if (end == std::string::npos) break;
    std::string name = value.substr(start, end - start);
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(std::move(name));
    }
  }
  return out;
}

std::string clean_env_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!keep) c = '_';
  }
  return out;
}

std::vector<RunConsumer> run_consumers(const Scenario& s) {
  std::vector<RunConsumer> out;
  std::set<Key> explicit_keys;
  for (int i = 0; i < s.consumers_size(); ++i) {
    RunConsumer rc;
    rc.consumer = s.consumers(i);
    if (!rc.consumer.has_request_rate_per_s()) rc.consumer.set_request_rate_per_s(1.0);
    rc.explicit_index = i;
    rc.source = {{"consumers", i}};
    explicit_keys.insert(key_of(rc.consumer));
    out.push_back(std::move(rc));
  }
  std::vector<RunConsumer> derived;
  for (int j = 0; j < s.jobs_size(); ++j) {
    for (int g = 0; g < s.jobs(j).groups_size(); ++g) {
      for (int t = 0; t < s.jobs(j).groups(g).tasks_size(); ++t) derive_task(s, j, g, t, &derived);
    }
  }
  for (auto& rc : derived) {
    if (explicit_keys.count(key_of(rc.consumer)) == 0) out.push_back(std::move(rc));
  }
  return out;
}

}  // namespace portolan::scenario
