#pragma once
// The server's only source of time, injected so tests can move it.
#include <chrono>
#include <mutex>

#include "twofold/time.hpp"

namespace twofold::server {

class clock {
 public:
  virtual ~clock() = default;
  [[nodiscard]] virtual timestamp now() const = 0;
};

class system_clock final : public clock {
 public:
  [[nodiscard]] timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that stands still until a test moves it.
class manual_clock final : public clock {
 public:
  explicit manual_clock(timestamp start) : now_(start) {}
  [[nodiscard]] timestamp now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::seconds by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  timestamp now_;
};

}  // namespace twofold::server
