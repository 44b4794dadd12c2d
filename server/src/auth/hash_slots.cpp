#include "auth/hash_slots.hpp"

#include <algorithm>

namespace twofold::server {

hash_slots::hash_slots(unsigned limit) : free_(std::max(1U, limit)) {}

hash_slots::slot hash_slots::acquire() {
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
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
