// Streaming statistics of a sample of doubles: count, mean, min, max and quantiles.
//
// Quantiles are exact while the sample holds at most kExactLimit values: quantile(q) is
// linear interpolation between order statistics at rank q * (n - 1), numpy.quantile's default
// ("linear") method, so Python users can cross-check. Past kExactLimit the values move into a
// log-bucketed histogram (buckets [g^k, g^(k+1)) with g = 1.02, mirrored for negatives, and one
// bucket for |x| < 1e-9): memory is bounded by the value range, not the sample size, and a
// quantile is then the geometric middle of its bucket, within 1% relative error of a value
// of that rank. count, mean, min and max stay exact throughout.
#ifndef PORTOLAN_SIM_STATS_H_
#define PORTOLAN_SIM_STATS_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace portolan::sim {

class SampleStats {
 public:
  static constexpr std::size_t kExactLimit = 100'000;
  static constexpr double kBucketGrowth = 1.02;

  void add(double x);

  std::uint64_t count() const { return count_; }
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  double min() const { return count_ == 0 ? 0.0 : min_; }
  double max() const { return count_ == 0 ? 0.0 : max_; }
  // q in [0, 1]; 0 for an empty sample.
  double quantile(double q) const;
  bool exact() const { return histogram_.empty(); }

 private:
  static int bucket_of(double x);
  static double bucket_value(int bucket);
  void spill();

  std::uint64_t count_ = 0;
  double sum_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  mutable std::vector<double> values_;  // exact mode; sorted lazily by quantile()
  mutable bool sorted_ = true;
  std::map<int, std::uint64_t> histogram_;  // bucket -> count, after spilling
};

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_STATS_H_
