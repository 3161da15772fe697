// A set of TCP/UDP port numbers on one host address.
//
// The same contents as Nomad's per-IP `Bitmap` of `MaxValidPort` bits (nomad/structs/bitmap.go,
// used by NetworkIndex.UsedPorts), in one of two forms. Up to kInline members sit in a sorted
// inline array, inside the node record the scheduler has already fetched; beyond that the set
// spills once and for all into a 65,536-bit bitmap of 1024 64-bit words (8 KiB), so that
// counting and the free-port scan run a word at a time. The words live in transparent huge
// pages (HugePageBlocks). Why two forms: a probe of a sparse node's bitmap was a cache miss on
// every node scored in a large cluster (the scheduler visits nodes in shuffled order), and most
// nodes of a large cluster hold few ports. Both forms answer every query alike.
// Invariants: members are in [0, kSize); count() is the number of members; without a bitmap,
// the first count() entries of the inline array are the members, ascending. A moved-from set may
// only be assigned or destroyed.
#ifndef PORTOLAN_MODELS_CLUSTER_PORT_SET_H_
#define PORTOLAN_MODELS_CLUSTER_PORT_SET_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>

namespace portolan::models {

class PortSet {
 public:
  static constexpr int kSize = 65536;  // nomad/structs/network.go MaxValidPort
  static constexpr int kInline = 8;    // members kept without a bitmap

  PortSet() = default;
  PortSet(const PortSet& other);
  PortSet& operator=(const PortSet& other);
  PortSet(PortSet&& other) noexcept = default;
  PortSet& operator=(PortSet&& other) noexcept = default;
  ~PortSet() = default;

  // Whether `port` is in the set; false outside [0, kSize).
  bool test(int port) const {
    if (port < 0 || port >= kSize) return false;
    if (words_) return ((*words_)[static_cast<unsigned>(port) >> 6] >> (port & 63)) & 1U;
    for (int i = 0; i < count_; ++i) {
      if (small_[static_cast<std::size_t>(i)] == port) return true;
    }
    return false;
  }
  // Adds `port`; true when it was not there before. `port` must be in [0, kSize).
  bool set(int port);
  // Removes `port`; true when it was there. `port` must be in [0, kSize).
  bool reset(int port);

  // A cache hint: test(port) is coming (nothing to load without a bitmap).
  void prefetch(int port) const {
    if (words_ && port >= 0 && port < kSize) {
      __builtin_prefetch(&(*words_)[static_cast<unsigned>(port) >> 6]);
    }
  }

  int count() const { return count_; }
  // Whether the set has spilled into its bitmap (only then does prefetch() load anything).
  bool has_bitmap() const { return words_ != nullptr; }
  // Members in [lo, hi] (inclusive, clipped to [0, kSize)).
  int count_in_range(int lo, int hi) const;
  // The n-th (from 0, ascending) port in [lo, hi] that is neither a member nor in `excluded`,
  // or -1 when there are not n + 1 such ports. `excluded` must be sorted ascending; entries
  // outside the range or already members are ignored.
  int nth_free_in_range(int lo, int hi, int n, std::span<const int> excluded) const;

 private:
  using Words = std::array<std::uint64_t, kSize / 64>;
  struct Release {
    void operator()(Words* words) const;
  };
  static std::unique_ptr<Words, Release> zeroed_words();
  int nth_free_small(int lo, int hi, int n, std::span<const int> excluded) const;

  std::unique_ptr<Words, Release> words_;  // null until the set outgrows `small_`
  int count_ = 0;
  std::array<std::uint16_t, kInline> small_{};
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_PORT_SET_H_
