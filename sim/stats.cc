#include "sim/stats.h"

#include <algorithm>
#include <cmath>

namespace portolan::sim {
namespace {

constexpr double kZero = 1e-9;
const double kLogGrowth = std::log(SampleStats::kBucketGrowth);

}  // namespace

void SampleStats::add(double x) {
  ++count_;
  sum_ += x;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
  if (histogram_.empty()) {
    if (!values_.empty() && x < values_.back()) sorted_ = false;
    values_.push_back(x);
    if (values_.size() > kExactLimit) spill();
  } else {
    ++histogram_[bucket_of(x)];
  }
}

// Bucket 0 holds |x| < 1e-9; bucket k > 0 holds [1e-9 g^(k-1), 1e-9 g^k); negatives mirror.
int SampleStats::bucket_of(double x) {
  const double a = std::fabs(x);
  if (a < kZero) return 0;
  const int k = 1 + static_cast<int>(std::floor(std::log(a / kZero) / kLogGrowth));
  return x < 0 ? -k : k;
}

double SampleStats::bucket_value(int bucket) {
  if (bucket == 0) return 0.0;
  const int k = bucket < 0 ? -bucket : bucket;
  const double mid = kZero * std::exp((static_cast<double>(k) - 0.5) * kLogGrowth);
  return bucket < 0 ? -mid : mid;
}

void SampleStats::spill() {
  for (const double v : values_) ++histogram_[bucket_of(v)];
  values_.clear();
  values_.shrink_to_fit();
}

double SampleStats::quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  if (histogram_.empty()) {
    if (!sorted_) {
      std::sort(values_.begin(), values_.end());
      sorted_ = true;
    }
    const double rank = q * static_cast<double>(values_.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const std::size_t hi = std::min(lo + 1, values_.size() - 1);
    return values_[lo] + (rank - static_cast<double>(lo)) * (values_[hi] - values_[lo]);
  }
  if (q <= 0) return min_;
  if (q >= 1) return max_;
  const auto target = static_cast<std::uint64_t>(std::floor(q * static_cast<double>(count_ - 1)));
  std::uint64_t seen = 0;
  for (const auto& [bucket, n] : histogram_) {
    seen += n;
    if (seen > target) return std::clamp(bucket_value(bucket), min_, max_);
  }
  return max_;
}

}  // namespace portolan::sim
