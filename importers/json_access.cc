#include "importers/json_access.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#include "importers/import_warning.h"

namespace portolan::importers::json_access {

using nlohmann::json;
namespace fs = std::filesystem;

const json& at(const json& o, const char* key) {
  static const json kNull;
  if (!o.is_object()) return kNull;
  const auto it = o.find(key);
  return it == o.end() ? kNull : *it;
}

std::optional<std::int64_t> to_int64(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (!v.is_number_float()) return std::nullopt;
  const double d = v.get<double>();
  // [-2^63, 2^63): both bounds are exact doubles; NaN fails both comparisons.
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

std::int64_t num(const json& o, const char* key) { return to_int64(at(o, key)).value_or(0); }

std::string str(const json& o, const char* key) {
  const json& v = at(o, key);
  return v.is_string() ? v.get<std::string>() : "";
}

std::vector<std::pair<std::string, json>> read_documents(const std::string& path) {
  std::vector<fs::path> files;
  if (fs::is_directory(path)) {
    for (const auto& e : fs::directory_iterator(path)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  std::vector<std::pair<std::string, json>> docs;
  for (const auto& f : files) {
    std::ifstream in(f);
    if (!in) throw ImportError({f.string() + ": cannot read"});
    try {
      docs.emplace_back(f.string(), json::parse(in));
    } catch (const json::exception& e) {  // parse_error, and out_of_range for "1e3080"
      throw ImportError({f.string() + ": " + e.what()});
    }
  }
  return docs;
}

}  // namespace portolan::importers::json_access
