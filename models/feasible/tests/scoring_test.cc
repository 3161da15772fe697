// Scores, pinned with the numbers of Nomad's own tests (scheduler/feasible/rank_test.go,
// spread_test.go) and hand-computed cases. Node sampling is in node_sampling_test.cc.
#include "models/feasible/scoring.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace portolan::models {
namespace {

constexpr double kEps = 1e-9;

// ---- Fit scores (nomad/structs/funcs.go) ----

TEST(FitScore, FreeFractionCountsTheProposedAllocationAgainstNodeMinusReserved) {
  // 4000 MHz / 8192 MB node, nothing reserved, an ask of 1000 MHz / 1024 MB on an empty node.
  const FreeFraction f = compute_free_fraction(4000, 8192, 0, 0, 1000, 1024);
  EXPECT_NEAR(f.cpu, 0.75, kEps);
  EXPECT_NEAR(f.memory, 0.875, kEps);
  // Reserved resources shrink the denominator: 1 - 1000 / (4000 - 1000).
  const FreeFraction r = compute_free_fraction(4000, 8192, 1000, 192, 1000, 1024);
  EXPECT_NEAR(r.cpu, 2.0 / 3.0, kEps);
  EXPECT_NEAR(r.memory, 0.872, kEps);  // 1 - 1024 / 8000
}

TEST(FitScore, BinPackAndSpreadOnAQuarterFullNode) {
  const FreeFraction f{0.75, 0.875};
  // 10^0.75 = 5.623413251903491, 10^0.875 = 7.498942093324558, sum 13.122355345228049.
  EXPECT_NEAR(score_fit_binpack(f), 6.8776446547719505, kEps);  // 20 - sum
  EXPECT_NEAR(score_fit_spread(f), 11.12235534522805, kEps);    // sum - 2
  EXPECT_NEAR(normalized_fit_score(SchedulerAlgorithm::kBinpack, f), 0.3820913697095528, kEps);
  EXPECT_NEAR(normalized_fit_score(SchedulerAlgorithm::kSpread, f), 0.6179086302904472, kEps);
}

TEST(FitScore, ClampsAtBothEnds) {
  // A full node is a perfect bin-pack fit (20 - 2) and the worst spread fit (2 - 2).
  EXPECT_DOUBLE_EQ(score_fit_binpack({0, 0}), 18.0);
  EXPECT_DOUBLE_EQ(score_fit_spread({0, 0}), 0.0);
  // An empty node: 20 - 20 and 20 - 2.
  EXPECT_DOUBLE_EQ(score_fit_binpack({1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(score_fit_spread({1, 1}), 18.0);
  // Overcommitted (free < 0): bin-pack would exceed 18, spread would go below 0.
  EXPECT_DOUBLE_EQ(score_fit_binpack({-1, -1}), 18.0);  // 20 - 0.2
  EXPECT_DOUBLE_EQ(score_fit_spread({-1, -1}), 0.0);    // 0.2 - 2
  // Free above 1 (negative usage) clamps bin-pack at 0 and spread at 18.
  EXPECT_DOUBLE_EQ(score_fit_binpack({1.5, 1.5}), 0.0);
  EXPECT_DOUBLE_EQ(score_fit_spread({1.5, 1.5}), 18.0);
}

TEST(FitScore, NomadBinPackIteratorNoExistingAlloc) {
  // rank_test.go TestBinPackIterator_NoExistingAlloc: ask 1024 MHz / 1024 MB.
  // "Perfect fit": 2048/2048 with 1024/1024 reserved scores exactly 1.0.
  const double perfect = normalized_fit_score(
      SchedulerAlgorithm::kBinpack, compute_free_fraction(2048, 2048, 1024, 1024, 1024, 1024));
  EXPECT_EQ(perfect, 1.0);
  // "50% fit": 4096/4096 with 1024/1024 reserved; Nomad asserts 0.50 <= score <= 0.60.
  // free = 2/3 for both: (20 - 2 * 10^(2/3)) / 18.
  const double half = normalized_fit_score(
      SchedulerAlgorithm::kBinpack, compute_free_fraction(4096, 4096, 1024, 1024, 1024, 1024));
  EXPECT_NEAR(half, 0.5953790184874691, kEps);
  EXPECT_GE(half, 0.50);
  EXPECT_LE(half, 0.60);
}

TEST(FitScore, NomadMixedReserveOrdersByRemainingCapacity) {
  // rank_test.go TestBinPackIterator_NoExistingAlloc_MixedReserve: ask 1000/1000.
  const double no_reserved = score_fit_binpack(compute_free_fraction(1100, 1100, 0, 0, 1000, 1000));
  const double reserved =
      score_fit_binpack(compute_free_fraction(2000, 2000, 800, 800, 1000, 1000));
  const double reserved2 =
      score_fit_binpack(compute_free_fraction(2000, 2000, 500, 500, 1000, 1000));
  EXPECT_NEAR(no_reserved, 17.534306521115866, kEps);  // free 1/11
  EXPECT_NEAR(reserved, 17.06440146475586, kEps);      // free 1/6
  EXPECT_NEAR(reserved2, 15.691130619936231, kEps);    // free 1/3
  EXPECT_GT(no_reserved, reserved);
  EXPECT_GT(reserved, reserved2);
}

// ---- Job anti-affinity, reschedule penalty, normalisation (rank.go) ----

TEST(Scorers, NomadJobAntiAffinityPlannedAlloc) {
  // rank_test.go TestJobAntiAffinity_PlannedAlloc: count 4, two allocations of the group
  // already planned on the node: -(2 + 1) / 4.
  const auto penalty = job_anti_affinity_score(2, 4);
  ASSERT_TRUE(penalty.has_value());
  EXPECT_EQ(*penalty, -0.75);
  ScoreBreakdown s;
  s.job_anti_affinity = penalty;
  EXPECT_EQ(final_score(s), -0.75);
  // A node without collisions gets no score at all, and a final score of 0.
  EXPECT_FALSE(job_anti_affinity_score(0, 4).has_value());
  EXPECT_EQ(final_score(ScoreBreakdown{}), 0.0);
  EXPECT_EQ(applied_scorers(ScoreBreakdown{}), 0);
}

TEST(Scorers, NomadReschedulePenaltyAndNormalization) {
  // rank_test.go TestNodeAntiAffinity_PenaltyNodes: -1 on the penalty node, nothing elsewhere.
  EXPECT_EQ(reschedule_penalty_score(true), -1.0);
  EXPECT_FALSE(reschedule_penalty_score(false).has_value());
  // rank_test.go TestScoreNormalizationIterator: (-0.75 + -1) / 2.
  ScoreBreakdown s;
  s.job_anti_affinity = job_anti_affinity_score(2, 4);
  s.reschedule_penalty = reschedule_penalty_score(true);
  EXPECT_EQ(applied_scorers(s), 2);
  EXPECT_EQ(final_score(s), -0.875);
}

TEST(Scorers, FinalScoreIsTheMeanOfTheScorersThatApplied) {
  ScoreBreakdown s;
  s.binpack = 0.6;
  s.node_affinity = 0.0;  // applies even at 0 and pulls the mean down
  s.spread = 0.3;
  EXPECT_NEAR(final_score(s), 0.3, kEps);
  EXPECT_EQ(applied_scorers(s), 3);
}

// ---- Node affinity (rank.go NodeAffinityIterator) ----

class NodeAffinityTest : public ::testing::Test {
 protected:
  // rank_test.go TestNodeAffinityIterator: five mock nodes (dc1, kernel.name linux).
  void SetUp() override {
    attrs_.resize(5, {{"kernel.name", "linux"}});
    dcs_ = {"dc1", "dc2", "dc2", "dc1", "dc3"};
    classes_ = {"", "", "large", "", "weird"};
    attrs_[0]["kernel.version"] = "4.9";
    attrs_[4]["kernel.version"] = "2.6";
  }
  NodeView node(std::size_t i) const {
    NodeView v;
    v.datacenter = dcs_[i];
    v.node_class = classes_[i];
    v.attributes = &attrs_[i];
    v.meta = &meta_;
    return v;
  }
  std::vector<Affinity> affinities_ = {
      {"${node.datacenter}", "dc1", "=", 100},
      {"${node.datacenter}", "dc2", "=", -100},
      {"${attr.kernel.version}", ">4.0", "version", 50},
      {"${node.class}", "large", "is", 50},
  };
  std::vector<std::map<std::string, std::string>> attrs_;
  std::map<std::string, std::string> meta_;
  std::vector<std::string> dcs_;
  std::vector<std::string> classes_;
  ConstraintCache cache_;
};

TEST_F(NodeAffinityTest, NomadAffinityAlone) {
  // Total |weight| = 300.
  EXPECT_NEAR(*node_affinity_score(affinities_, node(0), cache_), 0.5, kEps);  // 100 + 50
  EXPECT_NEAR(*node_affinity_score(affinities_, node(1), cache_), -1.0 / 3.0, kEps);
  EXPECT_NEAR(*node_affinity_score(affinities_, node(2), cache_), -1.0 / 6.0, kEps);  // -100+50
  EXPECT_NEAR(*node_affinity_score(affinities_, node(3), cache_), 1.0 / 3.0, kEps);
  // Node 4 matches nothing but still scores 0.
  const auto none = node_affinity_score(affinities_, node(4), cache_);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(*none, 0.0);
  EXPECT_FALSE(node_affinity_score(std::vector<Affinity>{}, node(0), cache_).has_value());
}

TEST_F(NodeAffinityTest, NomadAffinityWithBinPack) {
  // rank_test.go "affinity with binpack": mock nodes are 4000 MHz / 8192 MB, 100/256 reserved,
  // the fit is computed for 500 MHz / 256 MB.
  const double bp = score_fit_binpack(compute_free_fraction(4000, 8192, 100, 256, 500, 256)) /
                    kBinPackingMaxFitScore;
  ScoreBreakdown s0;
  s0.binpack = bp;
  s0.node_affinity = node_affinity_score(affinities_, node(0), cache_);
  ScoreBreakdown s4;
  s4.binpack = bp;
  s4.node_affinity = node_affinity_score(affinities_, node(4), cache_);
  EXPECT_NEAR(final_score(s0), (0.5 + bp) / 2, kEps);
  EXPECT_NEAR(final_score(s4), (0 + bp) / 2, kEps);
  EXPECT_EQ(applied_scorers(s4), 2);
  EXPECT_LT(final_score(s4), final_score(s0));
}

// ---- Spread (spread.go) ----

SpreadObservation observe(std::optional<std::string> value,
                          std::map<std::string, std::uint64_t> use) {
  return {std::move(value), std::move(use)};
}

TEST(Spread, ComputeSpreadInfoAddsTheImplicitRemainder) {
  SpreadEvalState state;
  const auto attrs =
      build_spread_attributes({}, {{"${node.datacenter}", 100, {{"dc1", 80}}}}, 10, state);
  ASSERT_EQ(attrs.size(), 1u);
  EXPECT_NEAR(attrs[0].desired_counts.at("dc1"), 8.0, kEps);
  EXPECT_NEAR(attrs[0].desired_counts.at("*"), 2.0, kEps);
  EXPECT_EQ(state.sum_spread_weights, 100);
  EXPECT_EQ(targeted_property_value(attrs[0], "dc1"), "dc1");
  EXPECT_EQ(targeted_property_value(attrs[0], "dc7"), "*");
}

TEST(Spread, NomadSingleAttribute) {
  // spread_test.go TestSpreadIterator_SingleAttribute: count 10, 80% in dc1 (so 20% "*"),
  // two existing allocations in dc1.
  SpreadEvalState state;
  const auto attrs =
      build_spread_attributes({}, {{"${node.datacenter}", 100, {{"dc1", 80}}}}, 10, state);
  // dc1: (8 - (2 + 1)) / 8; dc2 counts as "*": (2 - (0 + 1)) / 2.
  EXPECT_NEAR(*spread_score(attrs, {observe("dc1", {{"dc1", 2}})}, state), 0.625, kEps);
  EXPECT_NEAR(*spread_score(attrs, {observe("dc2", {{"dc1", 2}})}, state), 0.5, kEps);
  // Five more planned in dc1: 7 + 1 = 8 meets the desired count, the score is exactly 0 and
  // Nomad appends nothing (final score 0).
  EXPECT_FALSE(spread_score(attrs, {observe("dc1", {{"dc1", 7}})}, state).has_value());
  EXPECT_NEAR(*spread_score(attrs, {observe("dc2", {{"dc1", 7}})}, state), 0.5, kEps);
}

TEST(Spread, NomadMultipleAttributes) {
  // spread_test.go TestSpreadIterator_MultipleAttributes: weights 100 (dc 60/40) and 50 (rack
  // 40/60), count 10, existing allocations on (dc1, r1) and (dc1, r2).
  SpreadEvalState state;
  const auto attrs =
      build_spread_attributes({},
                              {{"${node.datacenter}", 100, {{"dc1", 60}, {"dc2", 40}}},
                               {"${meta.rack}", 50, {{"r1", 40}, {"r2", 60}}}},
                              10, state);
  const std::map<std::string, std::uint64_t> dcs = {{"dc1", 2}};
  const std::map<std::string, std::uint64_t> racks = {{"r1", 1}, {"r2", 1}};
  const auto score = [&](const char* dc, const char* rack) {
    return *spread_score(attrs, {observe(dc, dcs), observe(rack, racks)}, state);
  };
  EXPECT_NEAR(score("dc1", "r1"), 0.5, kEps);                    // 3/6 * 2/3 + 2/4 * 1/3
  EXPECT_NEAR(score("dc2", "r1"), 2.0 / 3.0, kEps);              // 3/4 * 2/3 + 2/4 * 1/3
  EXPECT_NEAR(score("dc1", "r2"), 1.0 / 3.0 + 2.0 / 9.0, kEps);  // 3/6 * 2/3 + 4/6 * 1/3
}

TEST(Spread, NomadEvenSpread) {
  // spread_test.go TestSpreadIterator_EvenSpread: no targets, weight 100, count 10.
  SpreadEvalState state;
  const auto attrs = build_spread_attributes({}, {{"${node.datacenter}", 100, {}}}, 10, state);
  // Nothing placed: no score.
  EXPECT_FALSE(spread_score(attrs, {observe("dc1", {})}, state).has_value());
  // Two in dc1: dc2 is boosted by (2 - 0) / 2, dc1 is even with itself: maximum penalty.
  EXPECT_EQ(*spread_score(attrs, {observe("dc2", {{"dc1", 2}})}, state), 1.0);
  EXPECT_EQ(*spread_score(attrs, {observe("dc1", {{"dc1", 2}})}, state), -1.0);
  // dc1 2, dc2 3: dc1 gains (3 - 2) / 2, dc2 loses (2 - 3) / 2.
  EXPECT_NEAR(*spread_score(attrs, {observe("dc1", {{"dc1", 2}, {"dc2", 3}})}, state), 0.5, kEps);
  EXPECT_NEAR(*spread_score(attrs, {observe("dc2", {{"dc1", 2}, {"dc2", 3}})}, state), -0.5, kEps);
  // dc1 3, dc2 3 and a new dc3: dc1 and dc2 -1, dc3 +1.
  const std::map<std::string, std::uint64_t> even = {{"dc1", 3}, {"dc2", 3}};
  EXPECT_EQ(*spread_score(attrs, {observe("dc1", even)}, state), -1.0);
  EXPECT_EQ(*spread_score(attrs, {observe("dc3", even)}, state), 1.0);
}

TEST(Spread, NomadEvenSpreadBoostWithClearedValues) {
  // spread_test.go Test_evenSpreadScoreBoost: proposed dc1, dc2, dc3 once each, dc2 and dc3
  // also stopping: combined {dc1: 1, dc2: 0, dc3: 0}; a dc2 node gets 1, never +Inf.
  const auto use =
      combined_property_use({}, {}, {{"dc1", 1}, {"dc2", 1}, {"dc3", 1}}, {{"dc2", 1}, {"dc3", 1}});
  const std::map<std::string, std::uint64_t> expected = {{"dc1", 1}, {"dc2", 0}, {"dc3", 0}};
  EXPECT_EQ(use, expected);
  EXPECT_EQ(even_spread_score_boost(use, "dc2"), 1.0);
}

TEST(Spread, NomadMaxPenalty) {
  // spread_test.go TestSpreadIterator_MaxPenalty: targets dc1 80 / dc2 20 cover the whole
  // count 5, so a dc3 node has no desired count: -1. A node missing the attribute: -1.
  SpreadEvalState state;
  const auto attrs = build_spread_attributes(
      {}, {{"${node.datacenter}", 100, {{"dc1", 80}, {"dc2", 20}}}}, 5, state);
  EXPECT_EQ(*spread_score(attrs, {observe("dc3", {})}, state), -1.0);
  EXPECT_EQ(*spread_score(attrs, {observe(std::nullopt, {})}, state), -1.0);
}

TEST(Spread, NomadNoInfinity) {
  // spread_test.go TestSpreadIterator_NoInfinity: count 8, dc1 50, dc2 50, "*" 0.
  {
    SpreadEvalState state;
    const auto attrs = build_spread_attributes(
        {}, {{"${node.datacenter}", 100, {{"dc1", 50}, {"dc2", 50}, {"*", 0}}}}, 8, state);
    EXPECT_NEAR(*spread_score(attrs, {observe("dc1", {})}, state), 0.75, kEps);
    EXPECT_NEAR(*spread_score(attrs, {observe("dc2", {})}, state), 0.75, kEps);
    // A desired count of 0 takes the lowest boost seen so far, initially -1.
    EXPECT_EQ(*spread_score(attrs, {observe("dc3", {})}, state), -1.0);
  }
  {
    // dc1 99%, dc2 1%: dc2's boost (0.08 - 1) / 0.08 = -11.5 becomes the lowest boost, which
    // the implicit dc3 then receives.
    SpreadEvalState state;
    const auto attrs = build_spread_attributes(
        {}, {{"${node.datacenter}", 100, {{"dc1", 99}, {"dc2", 1}, {"*", 0}}}}, 8, state);
    EXPECT_NEAR(*spread_score(attrs, {observe("dc1", {})}, state), 0.8737373737373737, kEps);
    EXPECT_NEAR(*spread_score(attrs, {observe("dc2", {})}, state), -11.5, kEps);
    EXPECT_NEAR(state.lowest_spread_boost, -11.5, kEps);
    EXPECT_NEAR(*spread_score(attrs, {observe("dc3", {})}, state), -11.5, kEps);
  }
}

TEST(Spread, WeightsAccumulateAcrossGroupsOfOneEvaluation) {
  // computeSpreadInfo adds to sumSpreadWeights and nothing resets it: a second group with the
  // same spread divides its weight by 200, halving its boost.
  SpreadEvalState state;
  const Spread dc{"${node.datacenter}", 100, {{"dc1", 50}, {"dc2", 50}}};
  const auto first = build_spread_attributes({}, {dc}, 8, state);
  EXPECT_NEAR(*spread_score(first, {observe("dc1", {})}, state), 0.75, kEps);
  const auto second = build_spread_attributes({}, {dc}, 8, state);
  EXPECT_EQ(state.sum_spread_weights, 200);
  EXPECT_NEAR(*spread_score(second, {observe("dc1", {})}, state), 0.375, kEps);
}

TEST(Spread, JobSpreadsComeFirstAndWinOnTheSameAttribute) {
  SpreadEvalState state;
  const auto attrs =
      build_spread_attributes({{"${node.datacenter}", 30, {{"dc1", 100}}}},
                              {{"${node.datacenter}", 70, {{"dc2", 100}}}}, 4, state);
  ASSERT_EQ(attrs.size(), 2u);
  EXPECT_EQ(attrs[0].target_values, std::set<std::string>{"dc1"});
  EXPECT_EQ(attrs[1].target_values, std::set<std::string>{"dc2"});
  // Both take the job block's weight and desired counts; both weights are summed.
  EXPECT_EQ(attrs[1].weight, 30);
  EXPECT_EQ(attrs[1].desired_counts.count("dc2"), 0u);
  EXPECT_EQ(state.sum_spread_weights, 100);
}

TEST(Spread, CombinedUseGroupsImplicitValuesAndClearsStops) {
  // Values outside the targets are counted together as "*"; a stop that a proposed
  // allocation of the same value re-uses is discounted once only when more than one stops.
  const auto use = combined_property_use({"dc1"}, {{"dc1", 3}, {"dc2", 1}, {"dc3", 1}},
                                         {{"dc1", 1}}, {{"dc1", 2}, {"dc3", 5}});
  // dc1: 3 + 1 - (2 - 1); "*": 1 + 1 - 5 -> 0.
  const std::map<std::string, std::uint64_t> expected = {{"dc1", 3}, {"*", 0}};
  EXPECT_EQ(use, expected);
}

// ---- Preemption (rank.go) ----

TEST(Preemption, LogisticInNetPriority) {
  const std::vector<int> priorities = {50, 60};
  EXPECT_NEAR(net_priority(priorities), 60 + 110.0 / 60.0, kEps);
  EXPECT_NEAR(preemption_score(net_priority(priorities)), 0.9999276266467949, kEps);
  EXPECT_DOUBLE_EQ(preemption_score(2048), 0.5);
}

}  // namespace
}  // namespace portolan::models
