// Reading Nomad's API JSON leniently, as its Go decoder does: an absent or mistyped field reads
// as its zero value. And reading a snapshot given as one file or a directory of *.json files.
#ifndef PORTOLAN_IMPORTERS_JSON_ACCESS_H_
#define PORTOLAN_IMPORTERS_JSON_ACCESS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace portolan::importers::json_access {

// o[key], or null when `o` is not an object or lacks it.
const nlohmann::json& at(const nlohmann::json& o, const char* key);
// `v` as an int64: an integer in range, or a float in range truncated toward zero (as before);
// nullopt for anything else, a float beyond +-9.2e18 included (casting one is undefined
// behaviour; job_json_fuzzer found `"Count": 1e300`).
std::optional<std::int64_t> to_int64(const nlohmann::json& v);
std::int64_t num(const nlohmann::json& o, const char* key);  // 0 unless an int64 (to_int64)
std::string str(const nlohmann::json& o, const char* key);   // "" unless a string

// (file, document) for `path`, or for every *.json file of the directory `path` in name order.
// Throws ImportError naming the file that cannot be read or parsed.
std::vector<std::pair<std::string, nlohmann::json>> read_documents(const std::string& path);

}  // namespace portolan::importers::json_access

#endif  // PORTOLAN_IMPORTERS_JSON_ACCESS_H_
