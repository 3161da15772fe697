#include "analysis/t_interval.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace portolan::analysis {
namespace {

// Continued fraction of the incomplete beta function, modified Lentz (Numerical Recipes 6.4).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kEps) break;
  }
  return h;
}

// I_x(a, b), the regularized incomplete beta function.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

// P(T <= t) for Student's t with k degrees of freedom.
double student_t_cdf(double t, double k) {
  const double tail = 0.5 * incomplete_beta(k / 2, 0.5, k / (k + t * t));
  return t >= 0 ? 1 - tail : tail;
}

}  // namespace

double student_t_quantile(double p, int dof) {
  if (!(p > 0 && p < 1) || dof < 1) {
    throw std::invalid_argument("student_t_quantile: p must be in (0, 1) and dof >= 1, not p=" +
                                std::to_string(p) + " dof=" + std::to_string(dof));
  }
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, dof);
  // The quantile grows without bound as dof -> 1 and p -> 1: widen until the CDF passes p.
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, dof) < p) hi *= 2;
  while (hi - lo > 1e-12 * hi) {
    const double mid = (lo + hi) / 2;
    (student_t_cdf(mid, dof) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

MeanInterval t_interval(const std::vector<double>& values, double confidence) {
  if (values.size() < 2) throw std::invalid_argument("t_interval: needs at least two values");
  MeanInterval out;
  out.n = static_cast<int>(values.size());
  double sum = 0;
  for (const double v : values) sum += v;
  out.mean = sum / out.n;
  double squares = 0;
  for (const double v : values) squares += (v - out.mean) * (v - out.mean);
  out.sd = std::sqrt(squares / (out.n - 1));
  if (out.sd == 0) {
    out.low = out.high = out.mean;
    return out;
  }
  const double half =
      student_t_quantile((1 + confidence) / 2, out.n - 1) * out.sd / std::sqrt(out.n);
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

}  // namespace portolan::analysis
