// Seeded random-number streams.
//
// One master seed derives any number of independent streams, each named. A stream's sequence
// depends only on (master seed, name), never on how many other streams exist or in which order
// they were created, so adding a consumer to a scenario does not perturb the placement draws.
//
// The generator is xoshiro256** seeded through SplitMix64 (Blackman and Vigna), and every
// distribution is implemented here rather than taken from <random>, whose distributions are
// implementation-defined: results stay byte-identical across standard libraries.
#ifndef PORTOLAN_SIM_RNG_H_
#define PORTOLAN_SIM_RNG_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace portolan::sim {

class Rng {
 public:
  using result_type = std::uint64_t;

  // A stream from a raw 64-bit seed. Prefer RngStreams::stream(name).
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  std::uint64_t operator()() { return next(); }
  static constexpr std::uint64_t min() { return 0; }
  static constexpr std::uint64_t max() { return ~std::uint64_t{0}; }

  // Uniform in [0, 1), 53 random bits.
  double uniform01();
  // Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject); n > 0.
  std::uint64_t below(std::uint64_t n);
  // Uniform integer in [lo, hi], inclusive; lo <= hi.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  // Exponential with the given mean (> 0), by inversion.
  double exponential(double mean);

 private:
  std::array<std::uint64_t, 4> s_;
};

// Derives named streams from one master seed.
class RngStreams {
 public:
  explicit RngStreams(std::uint64_t master_seed) : master_seed_(master_seed) {}
  std::uint64_t master_seed() const { return master_seed_; }
  // The stream named `name`; calling twice with one name gives two identical streams.
  Rng stream(std::string_view name) const;

 private:
  std::uint64_t master_seed_;
};

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_RNG_H_
