#include "capacity/workload_demand.h"

#include <algorithm>
#include <map>
#include <set>

#include "models/feasible/constraints.h"
#include "scenarios/duration.h"

namespace portolan::capacity {

Demand workload_demand(const scenario::Scenario& s) {
  const std::int64_t horizon = scenario::parse_duration(s.run().horizon()).value_or(0);
  std::set<std::string> submitted_by_event;
  for (const auto& e : s.timeline()) {
    if (e.has_submit_job()) submitted_by_event.insert(e.submit_job().job());
  }
  std::map<std::string, bool> live;
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const auto& job : s.jobs()) {
    live[job.name()] = !submitted_by_event.count(job.name());
    for (const auto& g : job.groups()) counts[{job.name(), g.name()}] = g.count();
  }
  // Timeline events in time order, stable (as the model builder sorts them).
  std::vector<std::pair<std::int64_t, int>> order;
  for (int i = 0; i < s.timeline_size(); ++i) {
    order.emplace_back(scenario::parse_duration(s.timeline(i).at()).value_or(0), i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [at, i] : order) {
    if (at > horizon) break;
    const auto& e = s.timeline(i);
    if (e.has_submit_job()) live[e.submit_job().job()] = true;
    if (e.has_stop_job()) live[e.stop_job().job()] = false;
    if (e.has_scale_group()) {
      counts[{e.scale_group().job(), e.scale_group().group()}] = e.scale_group().count();
    }
  }
  Demand out;
  for (const auto& job : s.jobs()) {
    if (!live[job.name()]) continue;
    const bool system = job.type() == "system" || job.type() == "sysbatch";
    const auto distinct = [](const auto& constraints) {
      return std::any_of(constraints.begin(), constraints.end(), [](const auto& c) {
        return c.operator_() == "distinct_hosts" && models::distinct_hosts_enabled(c.value());
      });
    };
    int job_copies = 0;
    for (const auto& g : job.groups()) {
      GroupDemand d;
      d.job = job.name();
      d.group = g.name();
      d.type = job.type();
      d.system = system;
      d.constrained = job.constraints_size() > 0 || g.constraints_size() > 0;
      d.constrained =
          d.constrained || !(g.network().mode().empty() || g.network().mode() == "host");
      for (const auto& t : g.tasks()) d.drivers.push_back(t.driver());
      d.datacenters.assign(job.datacenters().begin(), job.datacenters().end());
      d.count = system ? 1 : std::max(0, counts[{job.name(), g.name()}]);
      d.ask = scenario::group_resources(g);
      for (const auto& p : g.network().ports()) {
        if (p.static_() != 0) d.static_ports.emplace_back(p.host_network(), p.static_());
      }
      if (!system) {
        job_copies += d.count;
        if (distinct(g.constraints())) {
          out.distinct_hosts.push_back({"group \"" + job.name() + "." + g.name() + "\"", d.count});
        }
      }
      out.groups.push_back(std::move(d));
    }
    if (!system && distinct(job.constraints())) {
      out.distinct_hosts.push_back({"job \"" + job.name() + "\"", job_copies});
    }
  }
  return out;
}

}  // namespace portolan::capacity
