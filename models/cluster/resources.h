// Schedulable resources as a small integer vector: cpu (MHz), memory (MB), disk (MB), in the
// order Nomad checks them (nomad/structs/structs.go ComparableResources.Superset reports the
// first exhausted dimension as "cpu", then "memory", then "disk").
#ifndef PORTOLAN_MODELS_CLUSTER_RESOURCES_H_
#define PORTOLAN_MODELS_CLUSTER_RESOURCES_H_

#include <Eigen/Core>
#include <cstdint>
#include <string_view>

namespace portolan::models {

using ResourceVector = Eigen::Matrix<std::int64_t, 3, 1>;

inline constexpr int kCpu = 0;
inline constexpr int kMemory = 1;
inline constexpr int kDisk = 2;
inline constexpr std::string_view kDimensionNames[3] = {"cpu", "memory", "disk"};

inline ResourceVector make_resources(std::int64_t cpu_mhz, std::int64_t memory_mb,
                                     std::int64_t disk_mb) {
  return ResourceVector(cpu_mhz, memory_mb, disk_mb);
}

// The first dimension in which `used` exceeds `capacity`, or -1 when everything fits.
inline int first_exhausted(const ResourceVector& capacity, const ResourceVector& used) {
  for (int d = 0; d < 3; ++d) {
    if (used[d] > capacity[d]) return d;
  }
  return -1;
}

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_RESOURCES_H_
