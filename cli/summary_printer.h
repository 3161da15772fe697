// The short human summary `portolan run` prints: what ran, how placements went and, for each
// task group that failed, its latest failure as `nomad job plan` shows it; then discovery
// latency, consumer bootstrap and stale time quantiles per service and path.
#ifndef PORTOLAN_CLI_SUMMARY_PRINTER_H_
#define PORTOLAN_CLI_SUMMARY_PRINTER_H_

#include <nlohmann/json.hpp>
#include <ostream>

namespace portolan::cli {

// `summary` is models::summarize()'s output.
void print_summary(const nlohmann::json& summary, std::ostream& out);

}  // namespace portolan::cli

#endif  // PORTOLAN_CLI_SUMMARY_PRINTER_H_
