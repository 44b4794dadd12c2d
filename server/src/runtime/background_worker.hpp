#pragma once
// A thread of its own for work that must not run on the request path (the
// outbox senders, forgot-password requests, the audit prune): it runs a
// pass, then sleeps until notify(), stop() or the wait the pass asked for,
// whichever comes first. A pass reports its own failures; the thread goes on.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace twofold::server {

class background_worker {
 public:
  using duration = std::chrono::steady_clock::duration;
  // One round of the work; returns how long to wait, at most, before the next.
  using pass_function = std::function<duration()>;

  // `settle_delay`: after a wake-up, how long to wait still before the next
  // pass (stop() cuts it short); zero for at once.
  explicit background_worker(pass_function pass, duration settle_delay = duration::zero());
  ~background_worker();  // stop()
  background_worker(const background_worker&) = delete;
  background_worker& operator=(const background_worker&) = delete;

  void start();   // once
  void notify();  // there is work: the next pass now (after the settle delay)
  void stop();    // after the pass in progress
  // From start() until stop(), or until the thread ended some other way.
  [[nodiscard]] bool running() const { return running_.load(); }
  // Whether stop() was called: a long pass checks it between items.
  [[nodiscard]] bool stopping();

 private:
  void run();

  pass_function pass_;
  duration settle_delay_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool notified_ = false;
  bool stopping_ = false;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace twofold::server
