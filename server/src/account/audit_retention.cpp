#include "account/audit_retention.hpp"

#include <exception>

#include "storage/storage.hpp"

namespace twofold::server {

std::int64_t prune_audit_events(storage& store, timestamp now, std::chrono::days retention) {
  return store.delete_audit_events_before(now - std::chrono::duration_cast<std::chrono::seconds>(retention));
}

audit_pruner::audit_pruner(storage& store, const clock& clk, logger& log, std::chrono::days retention,
                           std::chrono::steady_clock::duration interval)
    : store_(store), clock_(clk), log_(log), retention_(retention), interval_(interval) {}

audit_pruner::~audit_pruner() { stop(); }

void audit_pruner::start() { thread_ = std::thread([this] { run(); }); }

void audit_pruner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void audit_pruner::run() {
  for (;;) {
    prune_now();
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

void audit_pruner::prune_now() {
  try {
    const auto deleted = prune_audit_events(store_, clock_.now(), retention_);
    if (deleted > 0) log_.info("audit.pruned", {{"deleted", deleted}, {"retention_days", retention_.count()}});
  } catch (const std::exception& error) {
    // A failed prune is tried again the next day; the server goes on.
    log_.error("audit.prune_failed", {{"error", error.what()}});
  }
}

}  // namespace twofold::server
