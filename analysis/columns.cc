#include "analysis/columns.h"

#include <type_traits>
#include <unordered_map>
#include <utility>

namespace portolan::analysis {
namespace {

// Builds a TextColumn; the lookup map is only searched, never iterated, so the categories'
// order is the order of first appearance.
class TextBuilder {
 public:
  explicit TextBuilder(std::size_t rows) { column_.codes.reserve(rows); }
  void add(const std::string& value) {
    const auto [it, inserted] =
        index_.try_emplace(value, static_cast<std::int32_t>(column_.categories.size()));
    if (inserted) column_.categories.push_back(value);
    column_.codes.push_back(it->second);
  }
  TextColumn take() { return std::move(column_); }

 private:
  TextColumn column_;
  std::unordered_map<std::string, std::int32_t> index_;
};

// One column filled from each record by `get`, which returns a double, an int64 or a string.
template <typename Record, typename Get>
Column column(std::string name, const std::vector<Record>& records, Get get) {
  using Value = decltype(get(records.front()));
  if constexpr (std::is_convertible_v<Value, std::string>) {
    TextBuilder b(records.size());
    for (const auto& r : records) b.add(get(r));
    return {std::move(name), b.take()};
  } else if constexpr (std::is_floating_point_v<Value>) {
    std::vector<double> v;
    v.reserve(records.size());
    for (const auto& r : records) v.push_back(get(r));
    return {std::move(name), std::move(v)};
  } else {
    std::vector<std::int64_t> v;
    v.reserve(records.size());
    for (const auto& r : records) v.push_back(static_cast<std::int64_t>(get(r)));
    return {std::move(name), std::move(v)};
  }
}

}  // namespace

Table placements_table(const models::RunResult& result) {
  using R = models::PlacementRecord;
  const auto& p = result.placements;
  Table t;
  t.push_back(column("time_s", p, [](const R& r) { return sim::to_seconds(r.time); }));
  t.push_back(column("job", p, [](const R& r) -> const std::string& { return r.job; }));
  t.push_back(column("group", p, [](const R& r) -> const std::string& { return r.group; }));
  t.push_back(column("alloc_index", p, [](const R& r) { return std::int64_t{r.alloc_index}; }));
  t.push_back(column("node", p, [](const R& r) -> const std::string& { return r.node; }));
  t.push_back(
      column("outcome", p, [](const R& r) { return std::string(r.placed ? "placed" : "failed"); }));
  t.push_back(column("reason", p, [](const R& r) -> const std::string& { return r.reason; }));
  t.push_back(column("ports", p, [](const R& r) -> const std::string& { return r.ports; }));
  return t;
}

Table discovery_table(const models::RunResult& result) {
  using R = models::DiscoveryRecord;
  const auto& d = result.discovery;
  Table t;
  t.push_back(column("service", d, [](const R& r) -> const std::string& { return r.service; }));
  t.push_back(column("instance", d, [](const R& r) -> const std::string& { return r.instance; }));
  t.push_back(column("consumer", d, [](const R& r) -> const std::string& { return r.consumer; }));
  t.push_back(column("path", d, [](const R& r) -> const std::string& { return r.path; }));
  t.push_back(column("running_s", d, [](const R& r) { return sim::to_seconds(r.running); }));
  t.push_back(column("visible_s", d, [](const R& r) { return sim::to_seconds(r.visible); }));
  t.push_back(
      column("latency_s", d, [](const R& r) { return sim::to_seconds(r.visible - r.running); }));
  return t;
}

Table stale_table(const models::RunResult& result) {
  using R = models::StaleRecord;
  const auto& s = result.stale;
  Table t;
  t.push_back(column("service", s, [](const R& r) -> const std::string& { return r.service; }));
  t.push_back(column("instance", s, [](const R& r) -> const std::string& { return r.instance; }));
  t.push_back(column("consumer", s, [](const R& r) -> const std::string& { return r.consumer; }));
  t.push_back(column("dead_s", s, [](const R& r) { return sim::to_seconds(r.dead); }));
  t.push_back(column("forgotten_s", s, [](const R& r) { return sim::to_seconds(r.forgotten); }));
  t.push_back(
      column("stale_s", s, [](const R& r) { return sim::to_seconds(r.forgotten - r.dead); }));
  t.push_back(column("failed_requests", s, [](const R& r) { return r.failed_requests; }));
  return t;
}

Table timeseries_table(const models::RunResult& result) {
  using R = models::TimeseriesSample;
  const auto& ts = result.timeseries;
  Table t;
  t.push_back(column("time_s", ts, [](const R& r) { return sim::to_seconds(r.time); }));
  t.push_back(column("queued", ts, [](const R& r) { return r.queued; }));
  t.push_back(column("running", ts, [](const R& r) { return r.running; }));
  t.push_back(column("cpu_util", ts, [](const R& r) { return r.cpu; }));
  t.push_back(column("memory_util", ts, [](const R& r) { return r.memory; }));
  t.push_back(column("port_util", ts, [](const R& r) { return r.ports; }));
  t.push_back(column("fragmentation", ts, [](const R& r) { return r.fragmentation; }));
  return t;
}

}  // namespace portolan::analysis
