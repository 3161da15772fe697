#include "models/placement/placement_policy.h"

#include "models/feasible/scoring.h"

namespace portolan::models {
namespace {

// Nomad's default scheduler_algorithm "binpack": prefers the fullest node that fits.
class BinPackPolicy final : public PlacementPolicy {
 public:
  std::string name() const override { return "binpack"; }
  double fit_score(const FitInput& in) const override {
    return score_fit_binpack({.cpu = in.free_cpu, .memory = in.free_memory});
  }
};

// scheduler_algorithm "spread": prefers the emptiest node.
class SpreadPolicy final : public PlacementPolicy {
 public:
  std::string name() const override { return "spread"; }
  double fit_score(const FitInput& in) const override {
    return score_fit_spread({.cpu = in.free_cpu, .memory = in.free_memory});
  }
};

// "optimal": binpack's fit, placed as a batch by a min-cost flow
// (models/placement/optimal_placement.h).
class OptimalPolicy final : public PlacementPolicy {
 public:
  std::string name() const override { return "optimal"; }
  double fit_score(const FitInput& in) const override {
    return score_fit_binpack({.cpu = in.free_cpu, .memory = in.free_memory});
  }
  bool batch() const override { return true; }
};

}  // namespace

std::unique_ptr<PlacementPolicy> make_policy(std::string_view name) {
  if (name == "binpack") return std::make_unique<BinPackPolicy>();
  if (name == "spread") return std::make_unique<SpreadPolicy>();
  if (name == "optimal") return std::make_unique<OptimalPolicy>();
  return nullptr;
}

}  // namespace portolan::models
