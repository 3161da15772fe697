// A set of TCP/UDP port numbers on one host address: a flat 65536-bit bitmap (8 KiB).
//
// The same shape as Nomad's per-IP `Bitmap` of `MaxValidPort` bits (nomad/structs/bitmap.go,
// used by NetworkIndex.UsedPorts), as 1024 64-bit words so that counting and the free-port scan
// run a word at a time. The number of members is kept up to date by set() and reset().
// The words live in transparent huge pages (HugePageBlocks): the scheduler probes the bitmaps of
// nodes it visits in a shuffled order, and in 4 KiB pages each probe was a TLB miss.
// Invariants: members are in [0, kSize); count() equals the number of set bits. A moved-from
// set may only be assigned or destroyed.
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

  PortSet();
  PortSet(const PortSet& other);
  PortSet& operator=(const PortSet& other);
  PortSet(PortSet&& other) noexcept = default;
  PortSet& operator=(PortSet&& other) noexcept = default;
  ~PortSet() = default;

  // Whether `port` is in the set; false outside [0, kSize).
  bool test(int port) const {
    if (port < 0 || port >= kSize) return false;
    return ((*words_)[static_cast<unsigned>(port) >> 6] >> (port & 63)) & 1U;
  }
  // Adds `port`; true when it was not there before. `port` must be in [0, kSize).
  bool set(int port);
  // Removes `port`; true when it was there. `port` must be in [0, kSize).
  bool reset(int port);

  // A cache hint: test(port) is coming.
  void prefetch(int port) const {
    if (port >= 0 && port < kSize) {
      __builtin_prefetch(&(*words_)[static_cast<unsigned>(port) >> 6]);
    }
  }

  int count() const { return count_; }
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

  std::unique_ptr<Words, Release> words_;
  int count_ = 0;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_CLUSTER_PORT_SET_H_
