// Why a placement went the way it did: Nomad's AllocMetric, reduced to what portolan reports.
//
// Mirrors nomad/structs/structs.go AllocMetric: nodes evaluated, filtered (by which constraint
// or checker, FilterNode) and exhausted (by which dimension, ExhaustedNode). A failed placement
// is reported by its dominant reason: the dimension or filter that removed the most nodes.
#ifndef PORTOLAN_MODELS_PLACEMENT_PLACEMENT_METRIC_H_
#define PORTOLAN_MODELS_PLACEMENT_PLACEMENT_METRIC_H_

#include <map>
#include <string>

namespace portolan::models {

struct PlacementMetric {
  int nodes_evaluated = 0;
  int nodes_filtered = 0;
  int nodes_exhausted = 0;
  std::map<std::string, int> constraint_filtered;  // Nomad's filter reason -> nodes
  std::map<std::string, int> dimension_exhausted;  // Nomad's dimension -> nodes

  void filter(const std::string& reason) {
    ++nodes_filtered;
    ++constraint_filtered[reason];
  }
  void exhaust(const std::string& dimension) {
    ++nodes_exhausted;
    ++dimension_exhausted[dimension];
  }

  // The reason that removed the most nodes (exhaustion before filtering on a tie, then the
  // lexically first); "No nodes were eligible for evaluation" when no node was evaluated at all.
  std::string dominant_reason() const {
    std::string best;
    int best_count = 0;
    for (const auto* counts : {&dimension_exhausted, &constraint_filtered}) {
      for (const auto& [reason, count] : *counts) {
        if (count > best_count) {
          best = reason;
          best_count = count;
        }
      }
    }
    return best_count > 0 ? best : "No nodes were eligible for evaluation";
  }

  // "evaluated=3 filtered=1 exhausted=2; network: reserved port collision http=80=2; ..."
  std::string describe() const {
    std::string s = "evaluated=" + std::to_string(nodes_evaluated) +
                    " filtered=" + std::to_string(nodes_filtered) +
                    " exhausted=" + std::to_string(nodes_exhausted);
    for (const auto* counts : {&dimension_exhausted, &constraint_filtered}) {
      for (const auto& [reason, count] : *counts) {
        s += "; " + reason + ": " + std::to_string(count);
      }
    }
    return s;
  }
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_PLACEMENT_PLACEMENT_METRIC_H_
