// Reading Nomad's API JSON leniently, as its Go decoder does: an absent or mistyped field reads
// as its zero value. And reading a snapshot given as one file or a directory of *.json files.
#ifndef PORTOLAN_IMPORTERS_JSON_ACCESS_H_
#define PORTOLAN_IMPORTERS_JSON_ACCESS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace portolan::importers::json_access {

// o[key], or null when `o` is not an object or lacks it.
const nlohmann::json& at(const nlohmann::json& o, const char* key);
std::int64_t num(const nlohmann::json& o, const char* key);  // 0 unless a number
std::string str(const nlohmann::json& o, const char* key);   // "" unless a string

// (file, document) for `path`, or for every *.json file of the directory `path` in name order.
// Throws ImportError naming the file that cannot be read or parsed.
std::vector<std::pair<std::string, nlohmann::json>> read_documents(const std::string& path);

}  // namespace portolan::importers::json_access

#endif  // PORTOLAN_IMPORTERS_JSON_ACCESS_H_
