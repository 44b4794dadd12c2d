#include "http/connection_registry.hpp"

#include <utility>
#include <vector>

#include "runtime/server_metrics.hpp"

namespace twofold::server {

bool connection_registry::add(const std::shared_ptr<connection>& live) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  connections_.emplace(live.get(), live);
  server_metrics::process().connection_opened();
  return true;
}

void connection_registry::remove(const connection* gone) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex_);
    if (connections_.erase(gone) == 0) return;
    server_metrics::process().connection_closed();
    drained = take_drain_callback_if_empty();
  }
  if (drained) drained();
}

void connection_registry::begin_shutdown(std::function<void()> on_drained) {
  std::vector<std::shared_ptr<connection>> live;
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    on_drained_ = std::move(on_drained);
    for (const auto& [key, weak] : connections_) {
      if (auto strong = weak.lock()) live.push_back(std::move(strong));
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

std::function<void()> connection_registry::take_drain_callback_if_empty() {
  if (!shutting_down_ || !connections_.empty()) return nullptr;
  return std::exchange(on_drained_, nullptr);
}

}  // namespace twofold::server
