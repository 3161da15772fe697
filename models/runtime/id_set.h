// A set of allocation ids: a group's live allocations.
//
// Contract. A sorted vector without duplicates: iteration is in ascending id order (placement
// order, since ids are dense and grow), insert() of an id above every member appends, and
// erase() shifts the members above it. A group holds at most its count of live allocations
// (plus those stopping), so the shift is short; C2M holds two million ids in 2,000 of these,
// where a std::set spent a 48-byte tree node per id. insert() of a member and erase() of a
// non-member change nothing and return false. Iterators are invalidated by insert and erase.
#ifndef PORTOLAN_MODELS_RUNTIME_ID_SET_H_
#define PORTOLAN_MODELS_RUNTIME_ID_SET_H_

#include <algorithm>
#include <cstddef>
#include <vector>

namespace portolan::models {

class IdSet {
 public:
  bool insert(int id) {
    if (ids_.empty() || ids_.back() < id) {
      ids_.push_back(id);
      return true;
    }
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it != ids_.end() && *it == id) return false;
    ids_.insert(it, id);
    return true;
  }
  bool erase(int id) {
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it == ids_.end() || *it != id) return false;
    ids_.erase(it);
    return true;
  }
  bool contains(int id) const { return std::binary_search(ids_.begin(), ids_.end(), id); }

  std::size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  auto begin() const { return ids_.begin(); }
  auto end() const { return ids_.end(); }

 private:
  std::vector<int> ids_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_ID_SET_H_
