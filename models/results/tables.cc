#include "models/results/tables.h"

#include <type_traits>
#include <unordered_map>
#include <utility>

namespace portolan::models {
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

// What a column getter returns for a time: simulated nanoseconds, written as seconds.
struct Seconds {
  sim::Time ns;
};
struct OptionalSeconds {  // negative: never
  sim::Time ns;
};

// One column filled from each record by `get`, which returns a double, an integer, a string,
// Seconds or OptionalSeconds.
template <typename Record, typename Get>
Column column(std::string name, const std::vector<Record>& records, Get get) {
  using Value = std::decay_t<decltype(get(records.front()))>;
  if constexpr (std::is_convertible_v<Value, std::string>) {
    TextBuilder b(records.size());
    for (const auto& r : records) b.add(get(r));
    return {std::move(name), b.take()};
  } else if constexpr (std::is_same_v<Value, Seconds> || std::is_same_v<Value, OptionalSeconds>) {
    TimeColumn c{.ns = {}, .optional = std::is_same_v<Value, OptionalSeconds>};
    c.ns.reserve(records.size());
    for (const auto& r : records) c.ns.push_back(get(r).ns);
    return {std::move(name), std::move(c)};
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

Table placements_table(const RunResult& result) {
  using R = PlacementRecord;
  const auto& p = result.placements;
  Table t;
  t.push_back(column("time_s", p, [](const R& r) { return Seconds{r.time}; }));
  t.push_back(column("job", p, [](const R& r) { return r.job; }));
  t.push_back(column("group", p, [](const R& r) { return r.group; }));
  t.push_back(column("alloc_index", p, [](const R& r) { return std::int64_t{r.alloc_index}; }));
  t.push_back(column("alloc_id", p, [&](const R& r) { return result.alloc_uid(r.alloc); }));
  t.push_back(column("node", p, [](const R& r) { return r.node; }));
  t.push_back(
      column("outcome", p, [](const R& r) { return std::string(r.placed ? "placed" : "failed"); }));
  t.push_back(column("reason", p, [](const R& r) { return r.reason; }));
  t.push_back(column("ports", p, [](const R& r) { return r.ports.str(); }));
  return t;
}

Table allocations_table(const RunResult& result) {
  using R = AllocationRecord;
  const auto& a = result.allocations;
  Table t;
  t.push_back(column("alloc_id", a, [](const R& r) { return r.id.str(); }));
  t.push_back(column("name", a, [](const R& r) { return r.name(); }));
  t.push_back(column("job", a, [](const R& r) { return r.job; }));
  t.push_back(column("group", a, [](const R& r) { return r.group; }));
  t.push_back(column("alloc_index", a, [](const R& r) { return std::int64_t{r.index}; }));
  t.push_back(column("job_version", a, [](const R& r) { return std::int64_t{r.version}; }));
  t.push_back(column("node", a, [](const R& r) { return r.node; }));
  t.push_back(
      column("previous_alloc_id", a, [&](const R& r) { return result.alloc_uid(r.previous); }));
  t.push_back(column("next_alloc_id", a, [&](const R& r) { return result.alloc_uid(r.next); }));
  t.push_back(column("placed_s", a, [](const R& r) { return Seconds{r.placed}; }));
  t.push_back(column("running_s", a, [](const R& r) { return OptionalSeconds{r.running}; }));
  t.push_back(column("healthy_s", a, [](const R& r) { return OptionalSeconds{r.healthy}; }));
  t.push_back(column("ended_s", a, [](const R& r) { return OptionalSeconds{r.ended}; }));
  t.push_back(column("restarts", a, [](const R& r) { return std::int64_t{r.restarts}; }));
  t.push_back(column("client_status", a, [](const R& r) { return r.client_status; }));
  t.push_back(column("desired_status", a, [](const R& r) { return r.desired_status; }));
  t.push_back(column("end_reason", a, [](const R& r) { return r.end_reason; }));
  return t;
}

Table node_events_table(const RunResult& result) {
  using R = NodeEventRecord;
  const auto& e = result.node_events;
  Table t;
  t.push_back(column("time_s", e, [](const R& r) { return Seconds{r.time}; }));
  t.push_back(column("node", e, [](const R& r) { return r.node; }));
  t.push_back(column("event", e, [](const R& r) -> const std::string& { return r.event; }));
  t.push_back(column("detail", e, [](const R& r) -> const std::string& { return r.detail; }));
  return t;
}

Table discovery_table(const RunResult& result) {
  using R = DiscoveryRecord;
  const auto& d = result.discovery;
  Table t;
  t.push_back(column("service", d, [](const R& r) -> const std::string& { return r.service; }));
  t.push_back(column("path", d, [](const R& r) -> const std::string& { return r.path; }));
  t.push_back(column(
      "kind", d, [](const R& r) { return std::string(r.bootstrap() ? "bootstrap" : "latency"); }));
  t.push_back(
      column("instance", d, [&](const R& r) { return result.alloc_name(r.instance_alloc); }));
  t.push_back(column("instance_alloc_id", d,
                     [&](const R& r) { return result.alloc_uid(r.instance_alloc); }));
  t.push_back(column("consumer", d, [](const R& r) -> const std::string& { return r.consumer; }));
  t.push_back(
      column("consumer_alloc", d, [&](const R& r) { return result.alloc_name(r.consumer_alloc); }));
  t.push_back(column("consumer_alloc_id", d,
                     [&](const R& r) { return result.alloc_uid(r.consumer_alloc); }));
  t.push_back(column("running_s", d, [](const R& r) { return Seconds{r.running}; }));
  t.push_back(
      column("consumer_started_s", d, [](const R& r) { return Seconds{r.consumer_started}; }));
  t.push_back(column("visible_s", d, [](const R& r) { return Seconds{r.visible}; }));
  t.push_back(column("latency_s", d, [](const R& r) { return Seconds{r.delay()}; }));
  return t;
}

Table stale_table(const RunResult& result) {
  using R = StaleRecord;
  const auto& s = result.stale;
  Table t;
  t.push_back(column("service", s, [](const R& r) -> const std::string& { return r.service; }));
  t.push_back(column("path", s, [](const R& r) -> const std::string& { return r.path; }));
  t.push_back(
      column("instance", s, [&](const R& r) { return result.alloc_name(r.instance_alloc); }));
  t.push_back(column("instance_alloc_id", s,
                     [&](const R& r) { return result.alloc_uid(r.instance_alloc); }));
  t.push_back(column("consumer", s, [](const R& r) -> const std::string& { return r.consumer; }));
  t.push_back(
      column("consumer_alloc", s, [&](const R& r) { return result.alloc_name(r.consumer_alloc); }));
  t.push_back(column("consumer_alloc_id", s,
                     [&](const R& r) { return result.alloc_uid(r.consumer_alloc); }));
  t.push_back(column("dead_s", s, [](const R& r) { return Seconds{r.dead}; }));
  t.push_back(column("learnt_s", s, [](const R& r) { return Seconds{r.learnt}; }));
  t.push_back(column("forgotten_s", s, [](const R& r) { return Seconds{r.forgotten}; }));
  t.push_back(column("stale_s", s, [](const R& r) { return Seconds{r.stale()}; }));
  t.push_back(column("failed_requests", s, [](const R& r) { return r.failed_requests; }));
  return t;
}

Table timeseries_table(const RunResult& result) {
  using R = TimeseriesSample;
  const auto& ts = result.timeseries;
  Table t;
  t.push_back(column("time_s", ts, [](const R& r) { return Seconds{r.time}; }));
  t.push_back(column("queued", ts, [](const R& r) { return r.queued; }));
  t.push_back(column("running", ts, [](const R& r) { return r.running; }));
  t.push_back(column("cpu_util", ts, [](const R& r) { return r.cpu; }));
  t.push_back(column("memory_util", ts, [](const R& r) { return r.memory; }));
  t.push_back(column("port_util", ts, [](const R& r) { return r.ports; }));
  t.push_back(column("fragmentation", ts, [](const R& r) { return r.fragmentation; }));
  return t;
}

std::vector<NamedTable> csv_tables(const RunResult& result) {
  std::vector<NamedTable> out;
  out.push_back({"placements.csv", placements_table(result)});
  out.push_back({"allocations.csv", allocations_table(result)});
  out.push_back({"node_events.csv", node_events_table(result)});
  out.push_back({"discovery.csv", discovery_table(result)});
  out.push_back({"stale.csv", stale_table(result)});
  out.push_back({"timeseries.csv", timeseries_table(result)});
  return out;
}

std::size_t rows(const Table& table) {
  if (table.empty()) return 0;
  return std::visit(
      [](const auto& v) -> std::size_t {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, TextColumn>) {
          return v.codes.size();
        } else if constexpr (std::is_same_v<V, TimeColumn>) {
          return v.ns.size();
        } else {
          return v.size();
        }
      },
      table.front().values);
}

}  // namespace portolan::models
