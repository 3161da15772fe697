#include "importers/node_json.h"

#include <algorithm>

#include "importers/json_access.h"

namespace portolan::importers {
namespace {

using nlohmann::json;

using namespace json_access;  // NOLINT(build/namespaces): at, num, str

void warn(ImportedNodes* out, const std::string& file, const std::string& node,
          const std::string& message) {
  ImportWarning w;
  w.file = file;
  w.where = "node \"" + node + "\"";
  w.message = message;
  out->warnings.push_back(std::move(w));
}

void add_node(const json& n, const std::string& file, ImportedNodes* out) {
  const std::string name = str(n, "Name");
  if (name.empty()) throw ImportError({file + ": a node without a Name"});
  const std::string status = str(n, "Status");
  if (!status.empty() && status != "ready") {
    warn(out, file, name, "status " + status + ": left out (portolan's nodes start ready)");
    return;
  }
  scenario::NodePool p;
  p.set_name(name);
  p.add_node_names(name);
  p.set_count(1);
  if (!str(n, "Datacenter").empty()) p.set_datacenter(str(n, "Datacenter"));
  p.set_node_class(str(n, "NodeClass"));
  if (str(n, "SchedulingEligibility") == "ineligible") {
    warn(out, file, name,
         "ineligible for scheduling: modelled eligible (drain it in the timeline)");
  }
  if (!str(n, "NodePool").empty() && str(n, "NodePool") != "default") {
    p.set_node_pool(str(n, "NodePool"));
  }
  for (const auto& [k, v] : at(n, "Attributes").items()) {
    if (!v.is_string()) continue;
    (*p.mutable_attributes())[k] = v.get<std::string>();
    if (k.rfind("plugins.cni.version.", 0) == 0) p.add_cni_plugins(k.substr(20));
    if (k == "consul.version") p.set_consul_agent(true);
  }
  for (const auto& [k, v] : at(n, "Meta").items()) {
    if (v.is_string()) (*p.mutable_meta())[k] = v.get<std::string>();
  }
  const json& r = at(n, "NodeResources");
  p.mutable_resources()->set_cpu_mhz(num(at(r, "Cpu"), "CpuShares"));
  p.mutable_resources()->set_memory_mb(num(at(r, "Memory"), "MemoryMB"));
  p.mutable_resources()->set_disk_mb(num(at(r, "Disk"), "DiskMB"));
  if (num(r, "MinDynamicPort") > 0)
    p.set_min_dynamic_port(static_cast<int>(num(r, "MinDynamicPort")));
  if (num(r, "MaxDynamicPort") > 0)
    p.set_max_dynamic_port(static_cast<int>(num(r, "MaxDynamicPort")));
  // NodeNetworks[].Addresses: the default network's address and each host network's.
  std::map<std::string, std::string> addresses;
  if (at(r, "NodeNetworks").is_array()) {
    for (const auto& nn : r["NodeNetworks"]) {
      if (!at(nn, "Addresses").is_array()) continue;
      for (const auto& a : nn["Addresses"])
        addresses.try_emplace(str(a, "Alias"), str(a, "Address"));
    }
  }
  if (addresses.count("default")) p.set_address(addresses["default"]);
  for (const auto& [hn_name, hn] : at(n, "HostNetworks").items()) {
    scenario::HostNetwork* h = p.add_host_networks();
    h->set_name(hn_name);
    h->set_address(addresses.count(hn_name) ? addresses[hn_name] : str(hn, "CIDR"));
    h->set_reserved_ports(str(hn, "ReservedPorts"));
  }
  const json& reserved = at(n, "ReservedResources");
  p.mutable_reserved()->set_cpu_mhz(num(at(reserved, "Cpu"), "CpuShares"));
  p.mutable_reserved()->set_memory_mb(num(at(reserved, "Memory"), "MemoryMB"));
  p.mutable_reserved()->set_disk_mb(num(at(reserved, "Disk"), "DiskMB"));
  p.mutable_reserved()->set_reserved_ports(str(at(reserved, "Networks"), "ReservedHostPorts"));
  std::vector<std::string> drivers;
  for (const auto& [d, info] : at(n, "Drivers").items()) {
    if (at(info, "Detected").is_boolean() && info["Detected"].get<bool>() &&
        at(info, "Healthy").is_boolean() && info["Healthy"].get<bool>()) {
      drivers.push_back(d);
    }
  }
  std::sort(drivers.begin(), drivers.end());
  for (const auto& d : drivers) p.add_drivers(d);
  if (drivers.empty()) p.add_drivers("none");  // no healthy driver: nothing fits
  out->pools.push_back(std::move(p));
}

}  // namespace

ImportedNodes nodes_from_api_json(const json& doc, const std::string& file) {
  ImportedNodes out;
  if (doc.is_array()) {
    for (const auto& n : doc) add_node(n, file, &out);
  } else if (doc.is_object()) {
    add_node(doc, file, &out);
  } else {
    throw ImportError({file + ": expected a node or a list of nodes"});
  }
  return out;
}

ImportedNodes nodes_from_path(const std::string& path) {
  ImportedNodes all;
  for (const auto& [file, doc] : json_access::read_documents(path)) {
    auto one = nodes_from_api_json(doc, file);
    for (auto& p : one.pools) all.pools.push_back(std::move(p));
    for (auto& w : one.warnings) all.warnings.push_back(std::move(w));
  }
  return all;
}

}  // namespace portolan::importers
