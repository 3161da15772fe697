// A capacity plan as files and text: candidates.csv (one row per candidate considered),
// plan.json (the answer) and the summary `portolan capacity` prints (docs/capacity.md).
// Deterministic: the same plan gives byte-identical text.
#ifndef PORTOLAN_CAPACITY_PLAN_REPORT_H_
#define PORTOLAN_CAPACITY_PLAN_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "capacity/capacity_planner.h"

namespace portolan::capacity {

// Columns: one per shape (its count), nodes, cost_per_hour, verdict, evaluation, requirement,
// dimension, seeds_run, seeds_passed, why.
std::string candidates_csv(const Plan& plan);

nlohmann::json plan_json(const Plan& plan);

std::string plan_text(const Plan& plan);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_PLAN_REPORT_H_
