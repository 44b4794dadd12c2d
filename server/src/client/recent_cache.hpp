#pragma once
// A bounded, thread-safe memo of answers by text: two generations of at most
// `capacity` entries. When the newer one is full it becomes the older one and
// the old older one is dropped; a hit in the older one moves to the newer.
// So at most 2 × capacity entries are kept, and keys asked for again and
// again stay, with no per-entry bookkeeping.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace twofold::server {

template <class Value>
class recent_cache {
 public:
  explicit recent_cache(std::size_t capacity) : capacity_(capacity) {}

  [[nodiscard]] std::optional<Value> find(const std::string& key) {
    const std::lock_guard lock(mutex_);
    if (const auto hit = newer_.find(key); hit != newer_.end()) return hit->second;
    const auto old = older_.find(key);
    if (old == older_.end()) return std::nullopt;
    Value value = std::move(old->second);
    older_.erase(old);
    put(key, value);
    return value;
  }

  void insert(const std::string& key, const Value& value) {
    const std::lock_guard lock(mutex_);
    put(key, value);
  }

  [[nodiscard]] std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return newer_.size() + older_.size();
  }

 private:
  void put(const std::string& key, const Value& value) {
    if (newer_.size() >= capacity_ && !newer_.contains(key)) {
      older_ = std::move(newer_);
      newer_.clear();
    }
    newer_.insert_or_assign(key, value);
  }

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Value> newer_, older_;
};

}  // namespace twofold::server
