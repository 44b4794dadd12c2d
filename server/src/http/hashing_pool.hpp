#pragma once
// The threads that run the requests which may hash a password
// (request_lane::password_hashing): one per CPU, as many as the hasher has
// slots (auth/hash_slots.hpp), and at most `queue` more waiting. One more is
// refused at once, and its client answered 503 with Retry-After, instead of
// joining a queue that only grows while the clients in it give up. Being a
// pool of its own, its queue holds no other request: a flood of sign-ins
// delays sign-ins, not code checks or /healthz. Its threads run at a lower
// priority (runtime/thread_priority.hpp): when hashes take every core, the
// I/O thread and the workers still get one as soon as they have work.
//
// What /metrics shows of it (runtime/server_metrics.hpp): how many wait, how
// long each waited, how many were refused.
#include <atomic>
#include <chrono>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "runtime/server_metrics.hpp"
#include "runtime/thread_priority.hpp"

namespace twofold::server {

class hashing_pool {
 public:
  hashing_pool(unsigned threads, unsigned queue) : threads_(threads), capacity_(threads + queue) {}
  hashing_pool(const hashing_pool&) = delete;
  hashing_pool& operator=(const hashing_pool&) = delete;

  // Runs `work` on one of the pool's threads, when one is free; false, and
  // `work` is dropped unrun, when the pool holds all it may.
  template <class Work>
  [[nodiscard]] bool try_post(Work&& work) {
    if (!try_enter()) {
      server_metrics::process().hash_refused();
      return false;
    }
    server_metrics::process().hash_queued();
    boost::asio::post(threads_, [this, work = std::forward<Work>(work), queued_at = clock::now()]() mutable {
      lower_this_thread_priority(password_hashing_niceness);
      server_metrics::process().hash_started(clock::now() - queued_at);
      const struct leave {
        std::atomic<unsigned>& held;
        ~leave() { held.fetch_sub(1, std::memory_order_relaxed); }
      } left{held_};
      work();
    });
    return true;
  }

  // Waits for the work posted to finish.
  void join() { threads_.join(); }

 private:
  using clock = std::chrono::steady_clock;

  bool try_enter() {
    auto held = held_.load(std::memory_order_relaxed);
    do {
      if (held >= capacity_) return false;
    } while (!held_.compare_exchange_weak(held, held + 1, std::memory_order_relaxed));
    return true;
  }

  boost::asio::thread_pool threads_;
  const unsigned capacity_;
  std::atomic<unsigned> held_{0};
};

}  // namespace twofold::server
