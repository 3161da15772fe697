#include "importers/alloc_json.h"

#include <algorithm>
#include <map>
#include <set>

#include "importers/json_access.h"

namespace portolan::importers {
namespace {

using nlohmann::json;
using namespace json_access;  // NOLINT(build/namespaces): at, num, str

// One allocation as read, before it is matched with a job.
struct Alloc {
  std::string file;
  std::string id;
  std::string job;
  std::string job_type;
  std::string group;
  int index = -1;
  std::string node;
  std::map<std::string, int> ports;  // label -> host port
  std::set<std::string> static_labels;
  std::string network_mode;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> tasks;  // cpu, memory
  std::map<std::string, std::int64_t> memory_max;
  std::int64_t disk_mb = 0;
};

// "web.app[12]" -> 12; -1 when the name has no index.
int index_of_name(const std::string& name) {
  const auto open = name.rfind('[');
  if (open == std::string::npos || name.empty() || name.back() != ']') return -1;
  const std::string digits = name.substr(open + 1, name.size() - open - 2);
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return -1;
  }
  return std::stoi(digits);
}

ImportWarning warning(const std::string& file, const std::string& where,
                      const std::string& message) {
  ImportWarning w;
  w.file = file;
  w.where = where;
  w.message = message;
  return w;
}

void read_network(const json& network, Alloc* a) {
  if (!str(network, "Mode").empty() && a->network_mode.empty())
    a->network_mode = str(network, "Mode");
  for (const char* kind : {"ReservedPorts", "DynamicPorts"}) {
    if (!at(network, kind).is_array()) continue;
    for (const auto& p : network[kind]) {
      a->ports[str(p, "Label")] = static_cast<int>(num(p, "Value"));
      if (std::string(kind) == "ReservedPorts") a->static_labels.insert(str(p, "Label"));
    }
  }
}

Alloc read_alloc(const json& doc, const std::string& file) {
  Alloc a;
  a.file = file;
  a.id = str(doc, "ID");
  a.job = str(doc, "JobID");
  a.job_type = str(doc, "JobType");
  if (a.job_type.empty()) a.job_type = str(at(doc, "Job"), "Type");
  a.group = str(doc, "TaskGroup");
  a.index = index_of_name(str(doc, "Name"));
  a.node = str(doc, "NodeName");
  if (a.job.empty() || a.group.empty() || a.index < 0) {
    throw ImportError({file + ": allocation " + (a.id.empty() ? "without an ID" : a.id) +
                       ": not an allocation (it needs JobID, TaskGroup and a Name "
                       "\"<job>.<group>[<index>]\")"});
  }
  const json& r = at(doc, "AllocatedResources");
  const json& shared = at(r, "Shared");
  a.disk_mb = num(shared, "DiskMB");
  if (at(shared, "Networks").is_array()) {
    for (const auto& n : shared["Networks"]) read_network(n, &a);
  }
  if (at(shared, "Ports").is_array()) {
    for (const auto& p : shared["Ports"])
      a.ports[str(p, "Label")] = static_cast<int>(num(p, "Value"));
  }
  for (const auto& [task, tr] : at(r, "Tasks").items()) {
    a.tasks[task] = {num(at(tr, "Cpu"), "CpuShares"), num(at(tr, "Memory"), "MemoryMB")};
    if (num(at(tr, "Memory"), "MemoryMaxMB") > 0) {
      a.memory_max[task] = num(at(tr, "Memory"), "MemoryMaxMB");
    }
    if (at(tr, "Networks").is_array()) {
      for (const auto& n : tr["Networks"]) read_network(n, &a);
    }
  }
  return a;
}

// The host port labels a group's allocations hold: its ports and its Connect sidecars'.
std::set<std::string> labels_of(const scenario::Group& g) {
  std::set<std::string> labels;
  for (const auto& p : g.network().ports()) labels.insert(p.label());
  for (const auto& svc : g.services()) {
    if (svc.connect().sidecar_service()) labels.insert("connect-proxy-" + svc.name());
  }
  return labels;
}

scenario::RunningAllocation running(const Alloc& a) {
  scenario::RunningAllocation r;
  r.set_job(a.job);
  r.set_group(a.group);
  r.set_index(a.index);
  r.set_node(a.node);
  r.set_id(a.id);
  for (const auto& [label, value] : a.ports) {
    scenario::AllocatedPort* p = r.add_ports();
    p->set_label(label);
    p->set_value(value);
  }
  return r;
}

// A job made from the allocations of one job not imported, grouped by task group.
scenario::Job job_from_allocations(const std::vector<const Alloc*>& allocs,
                                   std::vector<ImportWarning>* warnings) {
  scenario::Job job;
  job.set_name(allocs.front()->job);
  job.set_type(allocs.front()->job_type.empty() ? "service" : allocs.front()->job_type);
  job.add_datacenters("*");
  std::map<std::string, std::vector<const Alloc*>> by_group;
  for (const Alloc* a : allocs) by_group[a->group].push_back(a);
  for (const auto& [name, members] : by_group) {
    const Alloc& first = *members.front();
    scenario::Group* g = job.add_groups();
    g->set_name(name);
    int highest = 0;
    for (const Alloc* a : members) highest = std::max(highest, a->index);
    g->set_count(highest + 1);
    g->set_ephemeral_disk_mb(first.disk_mb);
    if (!first.network_mode.empty()) g->mutable_network()->set_mode(first.network_mode);
    for (const auto& [label, value] : first.ports) {
      scenario::Port* p = g->mutable_network()->add_ports();
      p->set_label(label);
      if (first.static_labels.count(label)) p->set_static_(value);
    }
    for (const auto& [task, resources] : first.tasks) {
      scenario::Task* t = g->add_tasks();
      t->set_name(task);
      t->set_cpu_mhz(resources.first);
      t->set_memory_mb(resources.second);
      if (first.memory_max.count(task)) t->set_memory_max_mb(first.memory_max.at(task));
    }
    if (g->tasks_size() == 0) g->add_tasks()->set_name(name);  // a stub without resources
    for (const Alloc* a : members) {
      if (a->tasks != first.tasks || a->disk_mb != first.disk_mb) {
        warnings->push_back(warning(a->file, "allocation " + a->id,
                                    "its resources differ from " + first.id +
                                        "'s (another job version): modelled as " + first.id +
                                        "'s"));
      }
    }
  }
  return job;
}

}  // namespace

ImportedAllocations allocations_from_path(const std::string& path,
                                          const scenario::Scenario& scenario) {
  std::vector<Alloc> allocs;
  for (const auto& [file, doc] : json_access::read_documents(path)) {
    if (!doc.is_array() && !doc.is_object()) {
      throw ImportError({file + ": expected an allocation or a list of allocations"});
    }
    for (const auto& a : doc.is_array() ? doc : json::array({doc})) {
      if (str(a, "DesiredStatus") != "run") continue;
      const std::string status = str(a, "ClientStatus");
      if (status != "running" && status != "pending") continue;
      allocs.push_back(read_alloc(a, file));
    }
  }
  std::sort(allocs.begin(), allocs.end(), [](const Alloc& x, const Alloc& y) {
    return std::tie(x.job, x.group, x.index, x.id) < std::tie(y.job, y.group, y.index, y.id);
  });

  std::set<std::string> nodes;
  for (const auto& p : scenario.cluster().pools()) {
    for (int k = 0; k < p.count(); ++k) {
      nodes.insert(k < p.node_names_size() ? p.node_names(k) : p.name() + "-" + std::to_string(k));
    }
  }
  std::map<std::string, const scenario::Job*> imported;
  for (const auto& j : scenario.jobs()) imported[j.name()] = &j;

  ImportedAllocations out;
  std::map<std::string, std::vector<const Alloc*>> not_imported;
  for (const Alloc& a : allocs) {
    const std::string where =
        "allocation " + a.id + " (" + a.job + "." + a.group + "[" + std::to_string(a.index) + "])";
    if (!nodes.count(a.node)) {
      out.warnings.push_back(warning(
          a.file, where,
          "its node \"" + a.node + "\" is not in the node snapshot (or not ready): left out"));
      continue;
    }
    const auto job = imported.find(a.job);
    if (job == imported.end()) {
      not_imported[a.job].push_back(&a);
      continue;
    }
    const scenario::Group* group = nullptr;
    for (const auto& g : job->second->groups()) {
      if (g.name() == a.group) group = &g;
    }
    std::set<std::string> held;
    for (const auto& [label, value] : a.ports) held.insert(label);
    if (group == nullptr || labels_of(*group) != held) {
      out.warnings.push_back(
          warning(a.file, where,
                  group == nullptr ? "the imported job has no group \"" + a.group + "\": left out"
                                   : "its ports differ from the imported group's (it runs another "
                                     "version of the job): left out"));
      continue;
    }
    out.allocations.push_back(running(a));
  }
  for (const auto& [name, members] : not_imported) {
    out.jobs.push_back(job_from_allocations(members, &out.warnings));
    ImportWarning w =
        warning(members.front()->file, "job \"" + name + "\"",
                "not among the imported jobspecs: made from its " + std::to_string(members.size()) +
                    " running allocation(s) (resources, ports, network mode; no "
                    "constraints, services or update block)");
    w.job = name;
    out.warnings.push_back(std::move(w));
    for (const Alloc* a : members) out.allocations.push_back(running(*a));
  }
  return out;
}

}  // namespace portolan::importers
