#include "capacity/candidate_cluster.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace portolan::capacity {

double mix_cost(const CapacityRequest& request, const Mix& mix) {
  double cost = 0;
  for (std::size_t i = 0; i < mix.size(); ++i) cost += mix[i] * request.shapes[i].cost_per_hour;
  return cost;
}

int mix_nodes(const Mix& mix) {
  int n = 0;
  for (const int c : mix) n += c;
  return n;
}

std::string mix_text(const CapacityRequest& request, const Mix& mix) {
  std::string out;
  for (std::size_t i = 0; i < mix.size(); ++i) {
    out += (i ? " " : "") + request.shapes[i].pool.name() + "=" + std::to_string(mix[i]);
  }
  return out;
}

std::vector<scenario::NodePool> candidate_pools(const scenario::Scenario& base,
                                                const CapacityRequest& request, const Mix& mix) {
  std::set<std::string> shape_names;
  for (const auto& s : request.shapes) shape_names.insert(s.pool.name());
  scenario::Scenario holder;  // only for apply_defaults on the pools
  for (const auto& p : base.cluster().pools()) {
    if (!shape_names.count(p.name())) *holder.mutable_cluster()->add_pools() = p;
  }
  const int racks = request.requirements.racks;
  for (std::size_t i = 0; i < request.shapes.size(); ++i) {
    const scenario::NodePool& shape = request.shapes[i].pool;
    if (racks == 0) {
      scenario::NodePool* p = holder.mutable_cluster()->add_pools();
      *p = shape;
      p->set_count(mix[i]);
      continue;
    }
    for (int r = 0; r < racks; ++r) {
      scenario::NodePool* p = holder.mutable_cluster()->add_pools();
      *p = shape;
      p->set_name(shape.name() + "-r" + std::to_string(r));
      p->set_rack("rack-" + std::to_string(r));
      // Round robin: node i of the shape goes to rack i mod R.
      p->set_count(mix[i] / racks + (r < mix[i] % racks ? 1 : 0));
    }
  }
  scenario::apply_defaults(&holder);
  return {holder.cluster().pools().begin(), holder.cluster().pools().end()};
}

std::vector<CandidateNode> candidate_nodes(const std::vector<scenario::NodePool>& pools) {
  std::vector<CandidateNode> nodes;
  for (const auto& p : pools) {
    for (int i = 0; i < p.count(); ++i) {
      CandidateNode n;
      n.name = i < p.node_names_size() ? p.node_names(i) : p.name() + "-" + std::to_string(i);
      n.pool = p.name();
      n.datacenter = p.datacenter();
      n.rack = p.rack();
      n.cpu_mhz = p.resources().cpu_mhz() - p.reserved().cpu_mhz();
      n.memory_mb = p.resources().memory_mb() - p.reserved().memory_mb();
      n.disk_mb = p.resources().disk_mb() - p.reserved().disk_mb();
      n.min_dynamic_port = p.min_dynamic_port();
      n.max_dynamic_port = p.max_dynamic_port();
      n.drivers.assign(p.drivers().begin(), p.drivers().end());
      nodes.push_back(std::move(n));
    }
  }
  return nodes;
}

CandidateCluster build_candidate(const scenario::LoadedScenario& base,
                                 const CapacityRequest& request, const Mix& mix) {
  CandidateCluster out;
  out.mix = mix;
  out.loaded = base;
  scenario::Scenario& s = out.loaded.scenario;
  s.clear_capacity();
  const auto pools = candidate_pools(base.scenario, request, mix);
  s.mutable_cluster()->clear_pools();
  for (const auto& p : pools) *s.mutable_cluster()->add_pools() = p;
  // A shape in a datacenter the scenario's cluster does not list joins the list.
  auto* dcs = s.mutable_cluster()->mutable_datacenters();
  for (const auto& p : pools) {
    if (std::find(dcs->begin(), dcs->end(), p.datacenter()) == dcs->end()) {
      s.mutable_cluster()->add_datacenters(p.datacenter());
    }
  }
  out.nodes = candidate_nodes(pools);
  return out;
}

}  // namespace portolan::capacity
