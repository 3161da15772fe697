#include "models/placement/preemption.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace portolan::models {
namespace {

constexpr int kPriorityDelta = 10;
constexpr double kMaxParallelPenalty = 50.0;  // preemption.go maxParallelPenalty

bool covers(const ResourceVector& available, const ResourceVector& ask) {
  return (available.array() >= ask.array()).all();
}

bool preemptible(int job_priority, const PreemptionCandidate& c) {
  return job_priority - c.priority >= kPriorityDelta;
}

}  // namespace

double resource_distance(const ResourceVector& needed, const ResourceVector& used) {
  double sum = 0;
  for (int d = 0; d < 3; ++d) {
    if (needed[d] <= 0) continue;
    const double coord = static_cast<double>(needed[d] - used[d]) / static_cast<double>(needed[d]);
    sum += coord * coord;
  }
  return std::sqrt(sum);
}

std::optional<std::vector<int>> plan_preemption(
    int job_priority, const ResourceVector& free, const ResourceVector& ask,
    const std::vector<int>& static_ports, const std::vector<PreemptionCandidate>& candidates) {
  std::vector<int> evicted;
  std::vector<bool> taken(candidates.size(), false);
  ResourceVector available = free;
  // PreemptForNetwork: the holders of the asked static ports.
  for (const int port : static_ports) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const auto& c = candidates[i];
      if (std::find(c.static_ports.begin(), c.static_ports.end(), port) == c.static_ports.end()) {
        continue;
      }
      if (!preemptible(job_priority, c)) return std::nullopt;
      if (!taken[i]) {
        taken[i] = true;
        evicted.push_back(c.id);
        available += c.resources;
      }
    }
  }
  if (covers(available, ask)) return evicted;
  const ResourceVector after_ports = available;

  // PreemptForTaskGroup, over what the port step left.
  std::map<int, std::vector<std::size_t>> by_priority;  // ascending priority
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!taken[i] && preemptible(job_priority, candidates[i])) {
      by_priority[candidates[i].priority].push_back(i);
    }
  }
  ResourceVector needed = ask;
  std::vector<std::size_t> chosen;
  bool met = false;
  for (auto& [priority, group] : by_priority) {
    while (!group.empty() && !met) {
      std::size_t best = 0;
      double best_distance = 0;
      for (std::size_t k = 0; k < group.size(); ++k) {
        const auto& c = candidates[group[k]];
        const int count = c.already_preempted;
        double distance = resource_distance(needed, c.resources);
        if (c.max_parallel > 0 && count >= c.max_parallel) {
          distance += static_cast<double>(count + 1 - c.max_parallel) * kMaxParallelPenalty;
        }
        if (k == 0 || distance < best_distance) {
          best = k;
          best_distance = distance;
        }
      }
      const std::size_t index = group[best];
      available += candidates[index].resources;
      needed -= candidates[index].resources;
      chosen.push_back(index);
      met = covers(available, ask);
      group[best] = group.back();
      group.pop_back();
    }
    if (met) break;
  }
  if (!met) return std::nullopt;

  // filterSuperset: by distance to the whole ask, descending, as many as cover it.
  std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
    return resource_distance(ask, candidates[a].resources) >
           resource_distance(ask, candidates[b].resources);
  });
  available = after_ports;
  for (const std::size_t index : chosen) {
    evicted.push_back(candidates[index].id);
    available += candidates[index].resources;
    if (covers(available, ask)) break;
  }
  return evicted;
}

}  // namespace portolan::models
