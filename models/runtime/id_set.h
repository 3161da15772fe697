// A set of allocation ids: a group's live allocations.
//
// Contract. A sorted run of ids without duplicates, ids_[head_, end): iteration is in ascending
// id order (placement order, since ids are dense and grow). insert() of an id above every
// member appends; erase() closes the gap from whichever side is shorter, so stopping a group
// oldest first (a job stop) or newest first (a scale-down) costs O(1) per id, and the free
// prefix is dropped once it outgrows the members. C2M holds two million ids in 2,000 of these,
// where a std::set spent a 48-byte tree node per id. insert() of a member and erase() of a
// non-member change nothing and return false. Iterators are invalidated by insert and erase.
#ifndef PORTOLAN_MODELS_RUNTIME_ID_SET_H_
#define PORTOLAN_MODELS_RUNTIME_ID_SET_H_

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace portolan::models {

class IdSet {
 public:
  bool insert(int id) {
    if (empty() || ids_.back() < id) {
      ids_.push_back(id);
      return true;
    }
    const auto it = std::lower_bound(begin(), end(), id);
    if (it != end() && *it == id) return false;
    ids_.insert(it, id);
    return true;
  }
  bool erase(int id) {
    const auto it = std::lower_bound(begin(), end(), id);
    if (it == end() || *it != id) return false;
    const auto at = ids_.begin() + (it - ids_.cbegin());
    const auto first = ids_.begin() + static_cast<std::ptrdiff_t>(head_);
    if (at - first < ids_.end() - at) {
      std::move_backward(first, at, std::next(at));  // the shorter front moves up one
      ++head_;
      if (head_ * 2 > ids_.size()) {
        ids_.erase(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
      }
    } else {
      ids_.erase(at);
    }
    if (empty()) clear();
    return true;
  }
  bool contains(int id) const { return std::binary_search(begin(), end(), id); }

  std::size_t size() const { return ids_.size() - head_; }
  bool empty() const { return size() == 0; }
  std::vector<int>::const_iterator begin() const {
    return ids_.cbegin() + static_cast<std::ptrdiff_t>(head_);
  }
  std::vector<int>::const_iterator end() const { return ids_.cend(); }

 private:
  void clear() {
    ids_.clear();
    head_ = 0;
  }

  std::vector<int> ids_;
  std::size_t head_ = 0;  // ids_[0, head_) are no longer members
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_RUNTIME_ID_SET_H_
