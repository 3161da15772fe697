#include "analysis/run_record.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "analysis/compare.h"
#include "models/results/results_writer.h"
#include "models/results/tables.h"

namespace portolan::analysis {
namespace fs = std::filesystem;
namespace {

using Rows = std::vector<std::vector<std::string>>;

// RFC 4180: fields separated by commas, rows by line breaks; a quoted field may hold both,
// with "" for a quote.
Rows parse_csv(const std::string& text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += ch;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// Values of `value_column` by "<service>.<path>", rows where `filter_column` (if any) equals
// `filter_value`.
void read_values(const fs::path& file, const std::string& value_column,
                 const std::string& filter_column, const std::string& filter_value,
                 std::map<std::string, std::vector<double>>* out) {
  std::ifstream in(file);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  const Rows rows = parse_csv(text.str());
  if (rows.empty()) return;
  const auto column = [&](const std::string& name) -> std::ptrdiff_t {
    for (std::size_t i = 0; i < rows[0].size(); ++i) {
      if (rows[0][i] == name) return static_cast<std::ptrdiff_t>(i);
    }
    return -1;
  };
  const auto service = column("service"), path = column("path"), value = column(value_column);
  const auto filter = filter_column.empty() ? -1 : column(filter_column);
  if (service < 0 || path < 0 || value < 0) {
    throw std::runtime_error(file.string() + ": no service, path or " + value_column + " column");
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != rows[0].size()) {
      throw std::runtime_error(file.string() + ": row " + std::to_string(r + 1) + " has " +
                               std::to_string(row.size()) + " fields, the header " +
                               std::to_string(rows[0].size()));
    }
    if (filter >= 0 && row[static_cast<std::size_t>(filter)] != filter_value) continue;
    const std::string key =
        row[static_cast<std::size_t>(service)] + "." + row[static_cast<std::size_t>(path)];
    try {
      (*out)[key].push_back(std::stod(row[static_cast<std::size_t>(value)]));
    } catch (const std::exception&) {
      throw std::runtime_error(file.string() + ": row " + std::to_string(r + 1) + ": " +
                               value_column + " is not a number");
    }
  }
}

const models::Column* find_column(const models::Table& table, const std::string& name) {
  for (const auto& c : table) {
    if (c.name == name) return &c;
  }
  throw std::logic_error("results table has no column " + name);
}

const std::string& text_at(const models::Column& c, std::size_t row) {
  const auto& t = std::get<models::TextColumn>(c.values);
  return t.categories[static_cast<std::size_t>(t.codes[row])];
}

double number_at(const models::Column& c, std::size_t row) {
  return std::visit(
      [row](const auto& v) -> double {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, models::TimeColumn>) {
          // As the CSV writes it, so that a record read back from disk is the same.
          return std::stod(models::format_seconds(v.ns[row]));
        } else if constexpr (std::is_same_v<V, models::TextColumn>) {
          return 0;
        } else {
          return static_cast<double>(v[row]);
        }
      },
      c.values);
}

void table_values(const models::Table& table, const std::string& value_column,
                  const std::string& filter_column, const std::string& filter_value,
                  std::map<std::string, std::vector<double>>* out) {
  const auto& service = *find_column(table, "service");
  const auto& path = *find_column(table, "path");
  const auto& value = *find_column(table, value_column);
  const models::Column* filter =
      filter_column.empty() ? nullptr : find_column(table, filter_column);
  for (std::size_t r = 0; r < models::rows(table); ++r) {
    if (filter && text_at(*filter, r) != filter_value) continue;
    (*out)[text_at(service, r) + "." + text_at(path, r)].push_back(number_at(value, r));
  }
}

}  // namespace

RunRecord record_of(const models::RunResult& result) {
  RunRecord record;
  record.summary = models::summarize(result);
  table_values(models::discovery_table(result), "latency_s", "kind", "latency",
               &record.discovery_latency_s);
  table_values(models::stale_table(result), "stale_s", "", "", &record.stale_s);
  return record;
}

RunRecord load_run_record(const fs::path& dir) {
  RunRecord record;
  record.summary = load_summary(dir);
  read_values(dir / "discovery.csv", "latency_s", "kind", "latency", &record.discovery_latency_s);
  read_values(dir / "stale.csv", "stale_s", "", "", &record.stale_s);
  return record;
}

}  // namespace portolan::analysis
