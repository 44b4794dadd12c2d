#include "auth/hash_slots.hpp"

#include <algorithm>
#include <chrono>

#include "runtime/server_metrics.hpp"

namespace twofold::server {

hash_slots::hash_slots(unsigned limit) : free_(std::max(1U, limit)) {}

hash_slots::slot hash_slots::acquire() {
  auto& metrics = server_metrics::process();
  const auto asked = std::chrono::steady_clock::now();
  metrics.hash_queued();
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
  metrics.hash_started(std::chrono::steady_clock::now() - asked);
  return slot(*this);
}

void hash_slots::release() {
  {
    std::lock_guard lock(mutex_);
    ++free_;
  }
  freed_.notify_one();
}

}  // namespace twofold::server
