#pragma once
// A value computed on a thread of its own from construction on: for what the
// server reads at start that the first requests may need but /healthz does
// not (compiling uap-core's rules, reading the password blocklist), so the
// port is bound without waiting for it. Whoever needs the value waits for it
// (get()); /readyz asks loaded() (app/watch_api.hpp).
//
// The destructor waits for the load to finish: its thread never outlives
// what it reads.
#include <chrono>
#include <functional>
#include <future>
#include <utility>

namespace twofold::server {

template <class T>
class background_load {
 public:
  // Runs `load` on a new thread; an exception it throws is kept and rethrown
  // by get(). `load` must not use anything that dies before this object.
  explicit background_load(std::function<T()> load)
      : value_(std::async(std::launch::async, std::move(load)).share()) {}

  // Already loaded (as a test or a synchronous caller has it).
  explicit background_load(T value) : value_(ready_future(std::move(value))) {}

  // Thread-safe. Waits until the load has finished, then returns its value
  // or rethrows what it threw.
  [[nodiscard]] const T& get() const { return value_.get(); }

  // Thread-safe. Waits until the load has finished, whether it threw or not.
  void wait() const { value_.wait(); }

  // Thread-safe, never waits: true once the load has finished without throwing.
  [[nodiscard]] bool loaded() const {
    if (value_.wait_for(std::chrono::seconds{0}) != std::future_status::ready) return false;
    try {
      static_cast<void>(value_.get());
      return true;
    } catch (...) {
      return false;
    }
  }

 private:
  static std::shared_future<T> ready_future(T value) {
    std::promise<T> promise;
    promise.set_value(std::move(value));
    return promise.get_future().share();
  }

  std::shared_future<T> value_;
};

}  // namespace twofold::server
