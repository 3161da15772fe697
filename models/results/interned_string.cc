#include "models/results/interned_string.h"

#include <array>
#include <atomic>
#include <bit>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <unordered_map>

namespace portolan::models {
namespace {

// Entries live in chunks that never move (chunk 0 holds ids [0, 1024), chunk k >= 1 holds
// [1024 * 2^(k-1), 1024 * 2^k)), so a reader indexes them without the lock: an id is handed out
// only after its entry is written, and its chunk pointer is published with release order first.
class Pool {
 public:
  Pool() { intern(""); }

  std::uint32_t intern(std::string_view text) {
    const std::lock_guard<std::mutex> lock(mu_);
    if (const auto it = ids_.find(text); it != ids_.end()) return it->second;
    const std::uint32_t id = size_;
    if (id == std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("InternedString: pool full");
    }
    const std::size_t k = chunk_of(id);
    if (owned_[k] == nullptr) {
      owned_[k] = std::make_unique<std::string[]>(chunk_size(k));
      chunks_[k].store(owned_[k].get(), std::memory_order_release);
    }
    std::string& entry = owned_[k][id - chunk_start(k)];
    entry.assign(text);
    ids_.emplace(entry, id);  // keyed by a view of the entry, which never moves
    ++size_;
    return id;
  }

  const std::string& text(std::uint32_t id) const {
    const std::size_t k = chunk_of(id);
    return chunks_[k].load(std::memory_order_acquire)[id - chunk_start(k)];
  }

 private:
  static constexpr std::uint32_t kFirstChunk = 1024;
  static constexpr std::size_t kChunks = 24;  // chunk 23 ends at 2^32
  static std::size_t chunk_of(std::uint32_t id) {
    return id < kFirstChunk ? 0 : static_cast<std::size_t>(std::bit_width(id)) - 10;
  }
  static std::uint32_t chunk_start(std::size_t k) { return k == 0 ? 0 : kFirstChunk << (k - 1); }
  static std::size_t chunk_size(std::size_t k) {
    return k == 0 ? kFirstChunk : std::size_t{kFirstChunk} << (k - 1);
  }

  std::mutex mu_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::uint32_t size_ = 0;
  std::array<std::atomic<std::string*>, kChunks> chunks_{};
  std::array<std::unique_ptr<std::string[]>, kChunks> owned_{};
};

// Never destroyed: a handle may be read by another static's destructor at exit.
Pool& pool() {
  alignas(Pool) static unsigned char storage[sizeof(Pool)];
  static Pool* const instance = ::new (storage) Pool();
  return *instance;
}

}  // namespace

InternedString::InternedString(std::string_view text)
    : id_(text.empty() ? 0 : pool().intern(text)) {}

const std::string& InternedString::str() const { return pool().text(id_); }

}  // namespace portolan::models
