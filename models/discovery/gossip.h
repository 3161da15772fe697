// Gossip failure detection and dissemination among Consul agents (hashicorp/memberlist, SWIM
// with Lifeguard), as timing models.
//
// Sources (hashicorp/memberlist):
//   config.go     DefaultLANConfig: ProbeInterval 1s, ProbeTimeout 500ms, GossipInterval 200ms,
//                 GossipNodes 3, SuspicionMult 4, SuspicionMaxTimeoutMult 6, RetransmitMult 4,
//                 IndirectChecks 3 (Consul's gossip_lan defaults are these numbers).
//   util.go       suspicionTimeout, retransmitLimit, kRandomNodes (gossip targets are distinct
//                 random peers other than the sender).
//   state.go      probe / probeNode: each member probes the others one per ProbeInterval in a
//                 shuffled round-robin order, skipping itself; the ack handler times out after
//                 ProbeInterval (probe_timeout splits the direct and the indirect attempts inside
//                 it), and then the prober marks the node suspect. suspectNode: k =
//                 SuspicionMult - 2 wanted confirmations (0 if n - 2 < k), min =
//                 suspicionTimeout(n), max = SuspicionMaxTimeoutMult * min.
//   suspicion.go  newSuspicion (timer starts at max, or min when k < 1), Confirm,
//                 remainingSuspicionTime (Lifeguard: max - log(c+1)/log(k+1) * (max - min),
//                 floored to milliseconds, never below min).
//
// Randomness comes only from the sim::Rng passed in. Times are sim::Time nanoseconds unless a
// name says seconds or rounds.
#ifndef PORTOLAN_MODELS_DISCOVERY_GOSSIP_H_
#define PORTOLAN_MODELS_DISCOVERY_GOSSIP_H_

#include "sim/rng.h"
#include "sim/time.h"

namespace portolan::models {

// memberlist DefaultLANConfig.
struct GossipConfig {
  sim::Time probe_interval = 1 * sim::kSecond;
  sim::Time probe_timeout = 500 * sim::kMillisecond;
  sim::Time gossip_interval = 200 * sim::kMillisecond;
  int gossip_nodes = 3;
  int suspicion_mult = 4;
  int suspicion_max_timeout_mult = 6;
  int retransmit_mult = 4;
  int indirect_checks = 3;
};

// util.go suspicionTimeout: suspicion_mult * max(1, log10(max(1, n))) * probe_interval, in Go's
// arithmetic: the scale is truncated to thousandths (time.Duration(nodeScale * 1000)) and the
// product divided by 1000 in integer nanoseconds. n = 1000 -> 12 s; n = 50 -> 6.792 s.
sim::Time suspicion_timeout(const GossipConfig& config, int n);

// util.go retransmitLimit: retransmit_mult * ceil(log10(n + 1)). n = 99 -> 8 with mult 4.
int retransmit_limit(const GossipConfig& config, int n);

// state.go suspectNode: confirmations wanted to drive the timer to its minimum,
// suspicion_mult - 2, or 0 when n - 2 < that.
int suspicion_confirmations_wanted(const GossipConfig& config, int n);

// suspicion.go remainingSuspicionTime: time left on a suspicion timer with `confirmations`
// independent confirmations out of `k` wanted, `elapsed` after it started; may be negative
// (the timer fires at once).
sim::Time remaining_suspicion_time(int confirmations, int k, sim::Time elapsed, sim::Time min,
                                   sim::Time max);

// Push gossip as a Markov chain over the number of informed members. Each round every informed
// member sends to `fanout` distinct random peers among the n - 1 others, so an uninformed member
// stays uninformed with probability (1 - fanout / (n - 1))^i when i are informed. From one
// informed member the step is exact (1 -> 1 + min(fanout, n - 1)); from i >= 2 the number newly
// informed is taken as Binomial(n - i, 1 - (1 - fanout / (n - 1))^i): per member the probability
// is exact, treating members as independent is the approximation (it slightly overstates the
// variance, so the chain is a little slow). The tests hold it within 2% of a member-by-member
// simulation.
// Informed members keep pushing: memberlist's retransmit limit (4 * ceil(log10(n + 1)) sends of
// each message, e.g. 12 for n = 100) is longer than the rounds dissemination needs, and the
// periodic push/pull sync covers any gap, so it is not modelled.
enum class DisseminationTarget {
  kAll,        // rounds until every member is informed
  kOneMember,  // rounds until one given member (other than the origin) is informed
};

// Expected rounds, starting from one informed member, solved exactly on the chain: Q is the
// transient part of the (upper-triangular) transition matrix, N = (I - Q)^-1 its fundamental
// matrix; E[rounds to all] = sum_j N(1, j); E[rounds to a given member] =
// sum_j N(1, j) * (n - j) / (n - 1), the chance the member is still uninformed in state j.
// Dense Eigen solve: O(n^2) time and memory; n <= kMaxChainMembers (throws beyond).
inline constexpr int kMaxChainMembers = 2000;
double expected_dissemination_rounds(int fanout, int n,
                                     DisseminationTarget target = DisseminationTarget::kAll);

// The same expectation as time: rounds * gossip_interval, in seconds. Rounds are synchronous
// (a member informed in a round pushes from the next one).
double expected_dissemination_time(const GossipConfig& config, int n,
                                   DisseminationTarget target = DisseminationTarget::kAll);

// One draw of the number of rounds from the chain (O(rounds) work, any n >= 2).
int sample_dissemination_rounds(int fanout, int n, DisseminationTarget target, sim::Rng& rng);

// One failure-detection run, phase by phase (times from the node's death).
struct FailureDetection {
  sim::Time first_probe = 0;    // a live member first probes the dead node
  sim::Time suspected = 0;      // that member's probe times out: suspect
  sim::Time declared_dead = 0;  // its suspicion timer fires: dead
  sim::Time servers_know = 0;   // the "dead" message reaches the leader server: total delay
  int confirmations = 0;        // independent confirmations the timer counted
};

// Monte-Carlo sample of the time from a member's death (n members including it, n >= 2) until
// the servers declare it failed:
//  1. First probe. Each of the n - 1 live members probes every other member once per n - 1
//     probe intervals, in its own shuffled order at its own phase, so its next probe of the dead
//     node is uniform in [0, (n - 1) * probe_interval) and independent of the others'. The first
//     probe is the minimum of n - 1 such uniforms (mean (n - 1) / n * probe_interval), drawn as
//     an order statistic; later ones give the confirmations.
//  2. Suspect at first probe + probe_interval (probeNode: direct ping for probe_timeout, then
//     indirect_checks indirect pings and a TCP ping until the ack handler's probe_interval
//     timeout).
//  3. Suspicion timer at that member, Lifeguard: starts at max = suspicion_max_timeout_mult *
//     min (min when k = 0) and shrinks with each confirmation (remainingSuspicionTime). A
//     confirmation is another member's own probe failing (its probe time + probe_interval) and
//     its suspect message reaching the timer's owner by gossip (sampled rounds *
//     gossip_interval). The other n - 2 members probe the dead node about once per
//     probe_interval between them, so the k = suspicion_mult - 2 = 2 confirmations usually
//     arrive 1-3 s after suspicion, long before min (8 s at 100 nodes): the timer usually fires
//     at about min, and only small clusters (k = 0 below 4 members) or very slow gossip see more.
//     We take the k + 2 next probers (their arrival order can differ from their probe order).
//  4. The "dead" message reaches the leader server by push gossip (sampled rounds *
//     gossip_interval; none when the declaring member is the leader, chance 1 / (n - 1)).
// We follow the first suspecter's timer: other members' timers start later by a gossip delay.
FailureDetection sample_failure_detection(const GossipConfig& config, int n, sim::Rng& rng);

// sample_failure_detection(config, n, rng).servers_know.
sim::Time failure_detection_delay(const GossipConfig& config, int n, sim::Rng& rng);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_DISCOVERY_GOSSIP_H_
