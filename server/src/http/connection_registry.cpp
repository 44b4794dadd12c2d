#include "http/connection_registry.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace twofold::server {

connection_registry::connection_registry(connection_limits limits) : limits_(limits) {}

admission connection_registry::add(const std::shared_ptr<connection>& live, std::string client_key) {
  std::shared_ptr<connection> evict;
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return admission::shutting_down;
    auto victim = connections_.end();
    if (!client_key.empty() && counted(&client_key) >= limits_.per_client) {
      victim = oldest_idle(&client_key);
      if (victim == connections_.end()) return admission::over_limit;
    } else if (counted(nullptr) >= limits_.total) {
      victim = oldest_idle(nullptr);
      if (victim == connections_.end()) return admission::over_limit;
    }
    if (victim != connections_.end()) {
      victim->second.evicted = true;
      evict = victim->second.live.lock();
    }
    connections_.emplace(live.get(), entry{.live = live, .client_key = std::move(client_key), .idle_since = next_idle_++});
  }
  // Outside the lock: the connection may finish (and call remove) right here.
  if (evict) evict->begin_shutdown();
  return admission::admitted;
}

void connection_registry::remove(const connection* gone) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex_);
    if (connections_.erase(gone) == 0) return;
    drained = take_drain_callback_if_empty();
  }
  if (drained) drained();
}

void connection_registry::set_idle(const connection* which, bool idle) {
  std::lock_guard lock(mutex_);
  const auto found = connections_.find(which);
  if (found == connections_.end()) return;
  found->second.idle_since = idle ? next_idle_++ : 0;
}

void connection_registry::begin_shutdown(std::function<void()> on_drained) {
  std::vector<std::shared_ptr<connection>> live;
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    on_drained_ = std::move(on_drained);
    for (const auto& [key, each] : connections_) {
      if (auto strong = each.live.lock()) live.push_back(std::move(strong));
    }
    drained = take_drain_callback_if_empty();
  }
  // Outside the lock: a connection may finish (and call remove) right here.
  for (const auto& each : live) each->begin_shutdown();
  if (drained) drained();
}

void connection_registry::forget_drain_callback() {
  std::lock_guard lock(mutex_);
  on_drained_ = nullptr;
}

std::size_t connection_registry::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

connection_registry::entries::iterator connection_registry::oldest_idle(const std::string* client_key) {
  auto oldest = connections_.end();
  for (auto it = connections_.begin(); it != connections_.end(); ++it) {
    const auto& each = it->second;
    if (each.evicted || each.idle_since == 0 || (client_key && each.client_key != *client_key)) continue;
    if (oldest == connections_.end() || each.idle_since < oldest->second.idle_since) oldest = it;
  }
  return oldest;
}

std::size_t connection_registry::counted(const std::string* client_key) const {
  return static_cast<std::size_t>(std::count_if(connections_.begin(), connections_.end(), [&](const auto& pair) {
    return !pair.second.evicted && (!client_key || pair.second.client_key == *client_key);
  }));
}

std::function<void()> connection_registry::take_drain_callback_if_empty() {
  if (!shutting_down_ || !connections_.empty()) return nullptr;
  return std::exchange(on_drained_, nullptr);
}

}  // namespace twofold::server
