#include "scenarios/group_resources.h"

#include <algorithm>
#include <limits>

namespace portolan::scenario {
namespace {

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::numeric_limits<std::int64_t>::max();
  return sum;
}

}  // namespace

GroupResources group_resources(const Group& group) {
  enum Phase { kPrestart, kMain, kPoststop, kPhases };
  std::int64_t cpu[kPhases] = {0, 0, 0};
  std::int64_t memory[kPhases] = {0, 0, 0};
  const auto add = [&](int phase, const Task& t) {
    cpu[phase] = saturating_add(cpu[phase], t.cpu_mhz());
    memory[phase] = saturating_add(memory[phase], t.memory_mb());
  };
  for (const auto& t : group.tasks()) {
    const std::string& hook = t.lifecycle().hook();
    if (hook == "prestart") {
      add(kPrestart, t);
      if (t.lifecycle().sidecar()) add(kMain, t);
    } else if (hook == "poststop") {
      add(kPoststop, t);
    } else {
      add(kMain, t);
    }
  }
  GroupResources r;
  r.cpu_mhz = *std::max_element(std::begin(cpu), std::end(cpu));
  r.memory_mb = *std::max_element(std::begin(memory), std::end(memory));
  for (const auto& svc : group.services()) {
    if (!svc.connect().sidecar_service()) continue;
    r.cpu_mhz = saturating_add(r.cpu_mhz, 250);
    r.memory_mb = saturating_add(r.memory_mb, 128);
  }
  r.disk_mb = group.ephemeral_disk_mb();
  return r;
}

}  // namespace portolan::scenario
