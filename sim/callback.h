// A move-only `void()` callable with inline storage.
//
// Callables of up to kInlineSize bytes (a lambda capturing a few pointers or ids, the common
// case) live inside the Callback itself, so scheduling an event allocates nothing; larger ones
// go to the heap. Unlike std::function it is move-only, so callables holding unique_ptr work.
// A trivially copyable callable (a lambda capturing pointers and numbers) moves as plain bytes
// and needs no destructor call: moving an event through the queue costs no indirect call.
#ifndef PORTOLAN_SIM_CALLBACK_H_
#define PORTOLAN_SIM_CALLBACK_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace portolan::sim {

class Callback {
 public:
  static constexpr std::size_t kInlineSize = 48;

  Callback() = default;
  Callback(std::nullptr_t) {}  // NOLINT: mirrors std::function

  template <
      typename F, typename D = std::decay_t<F>,
      typename = std::enable_if_t<!std::is_same_v<D, Callback> && std::is_invocable_r_v<void, D&>>>
  Callback(F&& f) {  // NOLINT: implicit, like std::function
    if constexpr (sizeof(D) <= kInlineSize && alignof(D) <= alignof(std::max_align_t) &&
                  std::is_nothrow_move_constructible_v<D>) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
      ops_ = &kInlineOps<D>;
    } else {
      ::new (static_cast<void*>(storage_)) D*(new D(std::forward<F>(f)));
      ops_ = &kHeapOps<D>;
    }
  }

  Callback(Callback&& other) noexcept : ops_(other.ops_) { take(other); }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      take(other);
    }
    return *this;
  }
  Callback& operator=(std::nullptr_t) {
    reset();
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  void operator()() { ops_->invoke(storage_); }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*move)(void* to, void* from);  // move-constructs into `to`, destroys `from`
    void (*destroy)(void*);
    bool trivial;  // move is a byte copy and destroy does nothing
  };

  template <typename D>
  static constexpr Ops kInlineOps = {[](void* p) { (*static_cast<D*>(p))(); },
                                     [](void* to, void* from) {
                                       ::new (to) D(std::move(*static_cast<D*>(from)));
                                       static_cast<D*>(from)->~D();
                                     },
                                     [](void* p) { static_cast<D*>(p)->~D(); },
                                     std::is_trivially_copyable_v<D>};

  template <typename D>
  static constexpr Ops kHeapOps = {
      [](void* p) { (**static_cast<D**>(p))(); },
      [](void* to, void* from) { ::new (to) D*(*static_cast<D**>(from)); },
      [](void* p) { delete *static_cast<D**>(p); }, false};

  // Moves other's callable into storage_ (ops_ already copied) and empties other.
  void take(Callback& other) noexcept {
    if (ops_ != nullptr) {
      if (ops_->trivial) {
        std::memcpy(storage_, other.storage_, kInlineSize);
      } else {
        ops_->move(storage_, other.storage_);
      }
    }
    other.ops_ = nullptr;
  }

  void reset() {
    if (ops_ != nullptr && !ops_->trivial) ops_->destroy(storage_);
    ops_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char storage_[kInlineSize];
  const Ops* ops_ = nullptr;
};

}  // namespace portolan::sim

#endif  // PORTOLAN_SIM_CALLBACK_H_
