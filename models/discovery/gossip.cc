#include "models/discovery/gossip.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace portolan::models {
namespace {

// Chance that one given peer receives a given sender's push in a round: fanout distinct peers
// out of the n - 1 others (util.go kRandomNodes).
double hit_probability(int fanout, int n) {
  return std::min(1.0, static_cast<double>(fanout) / static_cast<double>(n - 1));
}

// log(1 - p) and log(p) for p = 1 - (1 - q)^informed, computed without cancellation.
struct LogProb {
  double log_p;
  double log_miss;
  bool certain;  // p == 1
};
LogProb infection_probability(double q, int informed) {
  if (q >= 1.0) return {0.0, -INFINITY, true};
  const double log_miss = static_cast<double>(informed) * std::log1p(-q);
  return {std::log(-std::expm1(log_miss)), log_miss, false};
}

void check_chain_arguments(int fanout, int n) {
  if (fanout < 1) throw std::invalid_argument("gossip: fanout must be at least 1");
  if (n < 1) throw std::invalid_argument("gossip: need at least one member");
}

double standard_normal(sim::Rng& rng) {
  // Box-Muller; 1 - uniform01() is in (0, 1], so the log is finite.
  const double u1 = 1.0 - rng.uniform01();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Binomial(trials, p): inversion when the smaller tail's mean is under 30 (exact), else the
// normal approximation with continuity correction, clamped (error far below the 2% the
// dissemination tests allow).
int binomial(int trials, double p, sim::Rng& rng) {
  if (trials <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return trials;
  if (p > 0.5) return trials - binomial(trials, 1.0 - p, rng);
  const double mean = trials * p;
  if (mean < 30.0) {
    const double ratio = p / (1.0 - p);
    double pmf = std::exp(trials * std::log1p(-p));
    double u = rng.uniform01();
    int k = 0;
    while (u >= pmf && k < trials) {
      u -= pmf;
      ++k;
      pmf *= ratio * static_cast<double>(trials - k + 1) / static_cast<double>(k);
    }
    return k;
  }
  const double draw = std::floor(mean + std::sqrt(mean * (1.0 - p)) * standard_normal(rng) + 0.5);
  return static_cast<int>(std::clamp(draw, 0.0, static_cast<double>(trials)));
}

// Next order statistic of `remaining` i.i.d. uniforms on [0, 1) above `previous`.
double next_order_statistic(double previous, int remaining, sim::Rng& rng) {
  const double v = 1.0 - rng.uniform01();  // (0, 1]
  return previous + (1.0 - previous) * (1.0 - std::pow(v, 1.0 / remaining));
}

}  // namespace

sim::Time suspicion_timeout(const GossipConfig& config, int n) {
  // util.go suspicionTimeout: nodeScale := math.Max(1.0, math.Log10(math.Max(1.0, float64(n))));
  // time.Duration(suspicionMult) * time.Duration(nodeScale*1000) * interval / 1000.
  const double node_scale = std::max(1.0, std::log10(std::max(1.0, static_cast<double>(n))));
  const auto thousandths = static_cast<sim::Time>(node_scale * 1000.0);  // truncates, as Go
  return static_cast<sim::Time>(config.suspicion_mult) * thousandths * config.probe_interval / 1000;
}

int retransmit_limit(const GossipConfig& config, int n) {
  // util.go retransmitLimit.
  const double node_scale = std::ceil(std::log10(static_cast<double>(n + 1)));
  return config.retransmit_mult * static_cast<int>(node_scale);
}

int suspicion_confirmations_wanted(const GossipConfig& config, int n) {
  // state.go suspectNode: k := SuspicionMult - 2; if n-2 < k { k = 0 }.
  const int k = config.suspicion_mult - 2;
  return n - 2 < k ? 0 : k;
}

sim::Time remaining_suspicion_time(int confirmations, int k, sim::Time elapsed, sim::Time min,
                                   sim::Time max) {
  // suspicion.go remainingSuspicionTime.
  const double frac =
      std::log(static_cast<double>(confirmations) + 1.0) / std::log(static_cast<double>(k) + 1.0);
  const double max_s = static_cast<double>(max) / static_cast<double>(sim::kSecond);
  const double min_s = static_cast<double>(min) / static_cast<double>(sim::kSecond);
  const double raw = max_s - frac * (max_s - min_s);
  sim::Time timeout = static_cast<sim::Time>(std::floor(1000.0 * raw)) * sim::kMillisecond;
  if (timeout < min) timeout = min;
  return timeout - elapsed;
}

double expected_dissemination_rounds(int fanout, int n, DisseminationTarget target) {
  check_chain_arguments(fanout, n);
  if (n > kMaxChainMembers) {
    throw std::invalid_argument("gossip: the dissemination chain is solved for at most " +
                                std::to_string(kMaxChainMembers) + " members, not " +
                                std::to_string(n) + "; use sample_dissemination_rounds");
  }
  if (n == 1) return 0.0;
  // Transient states: 1 .. n - 1 informed, at rows 0 .. n - 2.
  const int m = n - 1;
  const double q = hit_probability(fanout, n);
  Eigen::MatrixXd fundamental_inverse = Eigen::MatrixXd::Identity(m, m);  // I - Q
  for (int i = 1; i < n; ++i) {
    const int uninformed = n - i;
    if (i == 1) {
      // A lone sender reaches exactly min(fanout, n - 1) distinct peers, all uninformed.
      const int next = 1 + std::min(fanout, n - 1);
      if (next < n) fundamental_inverse(0, next - 1) -= 1.0;
      continue;
    }
    const LogProb lp = infection_probability(q, i);
    const double log_choose_base = std::lgamma(uninformed + 1.0);
    for (int x = 0; i + x < n; ++x) {  // x newly informed, staying transient
      double pmf = 0.0;
      if (lp.certain) {
        pmf = x == uninformed ? 1.0 : 0.0;
      } else {
        const double log_pmf = log_choose_base - std::lgamma(x + 1.0) -
                               std::lgamma(uninformed - x + 1.0) + x * lp.log_p +
                               (uninformed - x) * lp.log_miss;
        pmf = std::exp(log_pmf);
      }
      fundamental_inverse(i - 1, i - 1 + x) -= pmf;
    }
  }
  // Row 0 of N = (I - Q)^-1: solve (I - Q)^T x = e_0; (I - Q) is upper triangular.
  Eigen::VectorXd e0 = Eigen::VectorXd::Zero(m);
  e0(0) = 1.0;
  const Eigen::VectorXd visits =
      fundamental_inverse.transpose().triangularView<Eigen::Lower>().solve(e0);
  if (target == DisseminationTarget::kAll) return visits.sum();
  double rounds = 0.0;
  for (int j = 1; j < n; ++j) {
    rounds += visits(j - 1) * static_cast<double>(n - j) / static_cast<double>(n - 1);
  }
  return rounds;
}

double expected_dissemination_time(const GossipConfig& config, int n, DisseminationTarget target) {
  return expected_dissemination_rounds(config.gossip_nodes, n, target) *
         sim::to_seconds(config.gossip_interval);
}

int sample_dissemination_rounds(int fanout, int n, DisseminationTarget target, sim::Rng& rng) {
  check_chain_arguments(fanout, n);
  const double q = hit_probability(fanout, n);
  int informed = 1;
  int rounds = 0;
  bool target_informed = n == 1;
  while (target == DisseminationTarget::kAll ? informed < n : !target_informed) {
    const int uninformed = n - informed;
    int fresh = 0;
    if (informed == 1) {
      fresh = std::min(fanout, n - 1);  // a lone sender's distinct peers, as in the chain
    } else {
      const LogProb lp = infection_probability(q, informed);
      fresh = lp.certain ? uninformed : binomial(uninformed, -std::expm1(lp.log_miss), rng);
    }
    ++rounds;
    // The given member is uniformly placed among the uninformed (exchangeability).
    if (target == DisseminationTarget::kOneMember && fresh > 0 &&
        rng.below(static_cast<std::uint64_t>(uninformed)) < static_cast<std::uint64_t>(fresh)) {
      target_informed = true;
    }
    informed += fresh;
  }
  return rounds;
}

FailureDetection sample_failure_detection(const GossipConfig& config, int n, sim::Rng& rng) {
  if (n < 2) throw std::invalid_argument("gossip: failure detection needs a live member");
  const int live = n - 1;
  // Each live member's next probe of the dead node: uniform over its probe cycle.
  const double cycle = static_cast<double>(live) * static_cast<double>(config.probe_interval);
  const sim::Time gossip_round = config.gossip_interval;

  FailureDetection out;
  double u = next_order_statistic(0.0, live, rng);
  out.first_probe = static_cast<sim::Time>(std::llround(u * cycle));
  out.suspected = out.first_probe + config.probe_interval;

  const int k = suspicion_confirmations_wanted(config, n);
  const sim::Time min = suspicion_timeout(config, n);
  const sim::Time max = config.suspicion_max_timeout_mult * min;
  sim::Time deadline = out.suspected + (k < 1 ? min : max);
  if (k >= 1) {
    const int probers = std::min(n - 2, k + 2);
    std::vector<sim::Time> arrivals;
    arrivals.reserve(static_cast<std::size_t>(probers));
    for (int j = 1; j <= probers; ++j) {
      u = next_order_statistic(u, live - j, rng);
      const int rounds =
          sample_dissemination_rounds(config.gossip_nodes, n, DisseminationTarget::kOneMember, rng);
      arrivals.push_back(static_cast<sim::Time>(std::llround(u * cycle)) + config.probe_interval +
                         rounds * gossip_round);
    }
    std::sort(arrivals.begin(), arrivals.end());
    for (const sim::Time at : arrivals) {
      if (at >= deadline || out.confirmations >= k) break;
      ++out.confirmations;
      const sim::Time remaining =
          remaining_suspicion_time(out.confirmations, k, at - out.suspected, min, max);
      deadline = remaining > 0 ? at + remaining : at;  // suspicion.go Confirm
    }
  }
  out.declared_dead = deadline;

  const bool declarer_is_leader = rng.below(static_cast<std::uint64_t>(live)) == 0;
  const int rounds = declarer_is_leader
                         ? 0
                         : sample_dissemination_rounds(config.gossip_nodes, n,
                                                       DisseminationTarget::kOneMember, rng);
  out.servers_know = out.declared_dead + rounds * gossip_round;
  return out;
}

sim::Time failure_detection_delay(const GossipConfig& config, int n, sim::Rng& rng) {
  return sample_failure_detection(config, n, rng).servers_know;
}

}  // namespace portolan::models
