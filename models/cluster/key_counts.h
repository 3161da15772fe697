// How many of a node's live allocations belong to each key (a job, or a job's group): what job
// anti-affinity, distinct_hosts and placement quality count.
//
// Contract. A flat vector of (key, count) sorted by key, with no entry of count 0: count() is a
// binary search, add() and remove() shift the entries above the key. A node holds a few
// hundred keys at most, so the shift is a short memmove, and iterating the counts (the sampler
// does, for every node at every sample) reads contiguous memory, where a hash map's nodes each
// cost a cache miss. Iteration is in key order. remove() of a key with no count is a bug
// (asserted; a no-op in a release build).
#ifndef PORTOLAN_MODELS_CLUSTER_KEY_COUNTS_H_
#define PORTOLAN_MODELS_CLUSTER_KEY_COUNTS_H_

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

namespace portolan::models {

template <typename Key>
class KeyCounts {
 public:
  using Entry = std::pair<Key, int>;

  int count(Key key) const {
    const auto it = find(key);
    return it != entries_.end() && it->first == key ? it->second : 0;
  }
  void add(Key key) {
    const auto it = find(key);
    if (it != entries_.end() && it->first == key) {
      ++it->second;
    } else {
      entries_.insert(it, Entry{key, 1});
    }
  }
  void remove(Key key) {
    const auto it = find(key);
    assert(it != entries_.end() && it->first == key);
    if (it == entries_.end() || it->first != key) return;
    if (--it->second == 0) entries_.erase(it);
  }

  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }

 private:
  typename std::vector<Entry>::const_iterator find(Key key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, Key k) { return e.first < k; });
  }
  typename std::vector<Entry>::iterator find(Key key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, Key k) { return e.first < k; });
  }

  std::vector<Entry> entries_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_KEY_COUNTS_H_
