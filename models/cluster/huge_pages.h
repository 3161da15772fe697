// Memory in transparent huge pages for the per-node data the scheduler reads in a random order:
// each address's port bitmap (8 KiB) and the node table (about 1 KiB a node).
//
// Why: an evaluation visits its nodes shuffled, so every node scored touches pages no recent
// node touched. At 10,000 nodes the bitmaps and the node table span about 90 MiB, some 23,000
// pages of 4 KiB, far beyond the TLB: each node scored cost a page walk (a nested one on a
// virtual machine) besides its cache misses, and a software prefetch that misses the TLB waits
// for the walk instead of running ahead. In 2 MiB pages the same data needs 45 TLB entries.
//
// Contract. HugePageBlocks hands out zeroed blocks of one size, carved from 2 MiB-aligned
// regions advised MADV_HUGEPAGE (a slab allocator: the first block of each region holds its
// bookkeeping); a released block is reused by a later allocate(), and a region whose blocks are
// all released goes back to the system, but for one kept spare. It is thread-safe (replications
// build their clusters on several threads) and trivially destructible, so that a static instance
// outlives every static user; it is meant to be one (a destroyed instance leaves its regions
// mapped). HugePageAllocator is a standard allocator that puts allocations of 2 MiB or more in such
// regions and the rest on the ordinary heap. Where the kernel gives no huge pages the advice is
// ignored and the memory is ordinary. Under AddressSanitizer both use the ordinary heap, so
// that a use after release is still reported.
#ifndef PORTOLAN_MODELS_CLUSTER_HUGE_PAGES_H_
#define PORTOLAN_MODELS_CLUSTER_HUGE_PAGES_H_

#include <cstddef>
#include <mutex>
#include <new>

namespace portolan::models {

inline constexpr std::size_t kHugePageSize = std::size_t{2} << 20;

// `bytes` (rounded up to whole huge pages) of zeroed memory aligned to kHugePageSize and
// advised MADV_HUGEPAGE; throws std::bad_alloc when the system has none to give.
void* map_huge_pages(std::size_t bytes);
// Returns what map_huge_pages(bytes) gave, with the same `bytes`.
void unmap_huge_pages(void* p, std::size_t bytes);
// Whether HugePageAllocator maps an allocation of `bytes` (false for every size under
// AddressSanitizer).
bool huge_pages_for(std::size_t bytes);

class HugePageBlocks {
 public:
  // `block_size` must be a power of two from 64 bytes to kHugePageSize / 2.
  constexpr explicit HugePageBlocks(std::size_t block_size) : block_size_(block_size) {}
  HugePageBlocks(const HugePageBlocks&) = delete;
  HugePageBlocks& operator=(const HugePageBlocks&) = delete;

  // A zeroed block of block_size() bytes.
  void* allocate();
  // Gives back a block allocate() returned (nullptr: nothing).
  void release(void* block);
  std::size_t block_size() const { return block_size_; }
  // Regions mapped now, the spare included (for tests).
  std::size_t regions() const;

 private:
  struct Region;
  Region* map_region();
  void unlink(Region* region);

  const std::size_t block_size_;
  mutable std::mutex mutex_;
  Region* with_room_ = nullptr;  // regions with a block to give, newest first
  Region* spare_ = nullptr;      // an empty region kept mapped
  std::size_t regions_ = 0;
};

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>& /*other*/) {}  // NOLINT: rebinding converts

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (huge_pages_for(bytes)) return static_cast<T*>(map_huge_pages(bytes));
    return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T* p, std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (huge_pages_for(bytes)) {
      unmap_huge_pages(p, bytes);
    } else {
      ::operator delete (p, std::align_val_t{alignof(T)});
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>& /*other*/) const {
    return true;
  }
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_HUGE_PAGES_H_
