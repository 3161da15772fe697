// A placement attempt's metric as `nomad job plan` and `nomad alloc status` print it
// (command/monitor.go formatAllocMetrics), from the metric's JSON (placement_metrics.jsonl,
// summary.json's placements.failed_by_group.*.last_failure).
//
// Lines, each "<prefix>* ...": no node eligible; each datacenter with no node available; nodes
// excluded by filter per class and per constraint; "Resources exhausted on N nodes"; per class
// and per dimension exhausted. Nomad iterates Go maps (an unspecified order); here every map
// is printed in key order.
#ifndef PORTOLAN_CLI_ALLOC_METRIC_TEXT_H_
#define PORTOLAN_CLI_ALLOC_METRIC_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace portolan::cli {

std::string alloc_metric_text(const nlohmann::json& metric, std::string_view prefix);

// A task group's failure as `nomad job plan` prints it (command/job_plan.go formatDryRun):
// '  Task Group "G" (failed to place N allocation[s]):' over the metric's lines, indented 4.
std::string failed_group_text(std::string_view group, const nlohmann::json& metric);

// Go's %q for the strings these lines quote.
std::string go_quoted(std::string_view s);

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_ALLOC_METRIC_TEXT_H_
