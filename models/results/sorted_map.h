// A small map from names to values, kept as a vector sorted by name.
//
// For the maps of Nomad's AllocMetric (nodes by datacenter, class, filter reason, dimension):
// every placement keeps its metric, and a metric holds six such maps, most empty or of one
// entry. Empty, this is one vector (24 bytes against a std::map's 48), and its entries share
// one heap block. Iteration is in name order, as a std::map's; lookups are binary searches, so
// it suits maps of a few entries, not large ones.
#ifndef PORTOLAN_MODELS_RESULTS_SORTED_MAP_H_
#define PORTOLAN_MODELS_RESULTS_SORTED_MAP_H_

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace portolan::models {

template <typename V>
class SortedMap {
 public:
  using key_type = std::string;  // with mapped_type: nlohmann::json converts it to an object
  using mapped_type = V;
  using value_type = std::pair<std::string, V>;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  // The value of `key`, inserted value-initialized when absent.
  V& operator[](const std::string& key) { return try_emplace(key, V{}).first->second; }

  // Inserts (key, value) when `key` is absent; the entry of `key` and whether it was inserted.
  std::pair<iterator, bool> try_emplace(const std::string& key, V value) {
    const auto it = lower_bound(key);
    if (it != entries_.end() && it->first == key) return {it, false};
    return {entries_.insert(it, value_type(key, std::move(value))), true};
  }
  std::pair<iterator, bool> emplace(const std::string& key, V value) {
    return try_emplace(key, std::move(value));
  }

  const_iterator find(const std::string& key) const {
    const auto it =
        std::lower_bound(entries_.begin(), entries_.end(), key,
                         [](const value_type& e, const std::string& k) { return e.first < k; });
    return it != entries_.end() && it->first == key ? it : entries_.end();
  }
  const V& at(const std::string& key) const {
    const auto it = find(key);
    if (it == entries_.end()) throw std::out_of_range("SortedMap::at: no key \"" + key + "\"");
    return it->second;
  }
  std::size_t count(const std::string& key) const { return find(key) == entries_.end() ? 0 : 1; }

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

  bool operator==(const SortedMap& other) const = default;

 private:
  iterator lower_bound(const std::string& key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const value_type& e, const std::string& k) { return e.first < k; });
  }

  std::vector<value_type> entries_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RESULTS_SORTED_MAP_H_
