#include "models/cluster/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

// g++ says __SANITIZE_ADDRESS__; clang 14 answers only __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define PORTOLAN_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PORTOLAN_ADDRESS_SANITIZER 1
#endif
#endif

namespace portolan::models {
namespace {

std::size_t whole_huge_pages(std::size_t bytes) {
  return (bytes + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
}

constexpr bool kAddressSanitizer =
#if defined(PORTOLAN_ADDRESS_SANITIZER)
    true;
#else
    false;
#endif

}  // namespace

void* map_huge_pages(std::size_t bytes) {
  const std::size_t size = whole_huge_pages(bytes);
  // mmap aligns to 4 KiB only: map one huge page more and trim the ends to an aligned span.
  void* raw = mmap(nullptr, size + kHugePageSize, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePageSize - 1) & ~(kHugePageSize - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const std::uintptr_t tail = start + size + kHugePageSize - (aligned + size);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
  void* p = reinterpret_cast<void*>(aligned);
  // Advice only: with transparent huge pages off (or "never") the pages stay 4 KiB.
  madvise(p, size, MADV_HUGEPAGE);
  return p;
}

void unmap_huge_pages(void* p, std::size_t bytes) { munmap(p, whole_huge_pages(bytes)); }

bool huge_pages_for(std::size_t bytes) { return !kAddressSanitizer && bytes >= kHugePageSize; }

// The first block of a region: its bookkeeping. Released blocks are linked through their own
// first bytes.
struct HugePageBlocks::Region {
  struct FreeBlock {
    FreeBlock* next;
  };
  Region* prev = nullptr;  // in with_room_
  Region* next = nullptr;
  FreeBlock* released = nullptr;
  char* fresh = nullptr;  // blocks never handed out (still zero) start here
  std::size_t live = 0;   // blocks handed out and not released
  bool has_room(const char* end) const { return released != nullptr || fresh != end; }
};

static_assert(std::is_trivially_destructible_v<HugePageBlocks>,
              "HugePageBlocks must outlive the static objects that release blocks to it");

HugePageBlocks::Region* HugePageBlocks::map_region() {
  char* base = static_cast<char*>(map_huge_pages(kHugePageSize));
  Region* region = std::construct_at(reinterpret_cast<Region*>(base));
  region->fresh = base + block_size_;
  region->next = with_room_;
  if (with_room_ != nullptr) with_room_->prev = region;
  with_room_ = region;
  ++regions_;
  return region;
}

void HugePageBlocks::unlink(Region* region) {
  if (region->prev != nullptr) region->prev->next = region->next;
  if (region->next != nullptr) region->next->prev = region->prev;
  if (with_room_ == region) with_room_ = region->next;
  region->prev = region->next = nullptr;
}

void* HugePageBlocks::allocate() {
  if (kAddressSanitizer) {
    void* block = ::operator new (block_size_, std::align_val_t{64});
    std::memset(block, 0, block_size_);
    return block;
  }
  void* block = nullptr;
  bool reused = false;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    Region* region = with_room_ != nullptr ? with_room_ : map_region();
    const char* end = reinterpret_cast<const char*>(region) + kHugePageSize;
    if (region->released != nullptr) {
      block = region->released;
      region->released = region->released->next;
      reused = true;
    } else {
      block = region->fresh;
      region->fresh += block_size_;
    }
    ++region->live;
    if (region == spare_) spare_ = nullptr;
    if (!region->has_room(end)) unlink(region);
  }
  // A fresh block is as the kernel mapped it: zero.
  if (reused) std::memset(block, 0, block_size_);
  return block;
}

void HugePageBlocks::release(void* block) {
  if (block == nullptr) return;
  if (kAddressSanitizer) {
    ::operator delete (block, std::align_val_t{64});
    return;
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  auto* region =
      reinterpret_cast<Region*>(reinterpret_cast<std::uintptr_t>(block) & ~(kHugePageSize - 1));
  const char* end = reinterpret_cast<const char*>(region) + kHugePageSize;
  const bool was_full = !region->has_room(end);
  auto* freed = static_cast<Region::FreeBlock*>(block);
  freed->next = region->released;
  region->released = freed;
  if (was_full) {
    region->next = with_room_;
    if (with_room_ != nullptr) with_room_->prev = region;
    with_room_ = region;
  }
  if (--region->live > 0) return;
  // One empty region is kept, so that a process running many small scenarios does not map,
  // fault in and zero a huge page for each; the others go back to the system.
  if (spare_ == nullptr) {
    spare_ = region;
    return;
  }
  unlink(region);
  unmap_huge_pages(region, kHugePageSize);
  --regions_;
}

std::size_t HugePageBlocks::regions() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return regions_;
}

}  // namespace portolan::models
