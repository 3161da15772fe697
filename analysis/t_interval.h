// Student's t confidence interval of a mean, for the paired comparison over seeds.
//
// For n >= 2 values x_1..x_n with mean m and sample standard deviation s (divisor n - 1), the
// two-sided interval at confidence c is m -/+ t_{(1+c)/2, n-1} * s / sqrt(n), where t_{p, k} is
// the p-quantile of Student's t distribution with k degrees of freedom (NIST/SEMATECH
// e-Handbook of Statistical Methods, 7.2.2.1 "Confidence limits for the mean"). The quantile is
// computed, not tabled: the t CDF through the regularized incomplete beta function
// (Numerical Recipes, 3rd ed., 6.4 and 6.14.9: P(|T| > t) = I_{k/(k+t^2)}(k/2, 1/2)), inverted
// by bisection to 1e-12. With s = 0 the interval is the point [m, m].
#ifndef PORTOLAN_ANALYSIS_T_INTERVAL_H_
#define PORTOLAN_ANALYSIS_T_INTERVAL_H_

#include <vector>

namespace portolan::analysis {

// The p-quantile of Student's t with `dof` >= 1 degrees of freedom, p in (0, 1). Throws
// std::invalid_argument outside those ranges. student_t_quantile(0.975, 9) = 2.2622.
double student_t_quantile(double p, int dof);

struct MeanInterval {
  int n = 0;
  double mean = 0;
  double sd = 0;  // sample standard deviation (n - 1)
  double low = 0;
  double high = 0;
};

// The t interval of the mean of `values` (at least two; std::invalid_argument otherwise).
MeanInterval t_interval(const std::vector<double>& values, double confidence = 0.95);

}  // namespace portolan::analysis

#endif  // PORTOLAN_ANALYSIS_T_INTERVAL_H_
