#include "account/audit_retention.hpp"

#include <exception>

#include "storage/storage.hpp"

namespace twofold::server {

std::int64_t prune_audit_events(storage& store, timestamp now, std::chrono::days retention) {
  return store.delete_audit_events_before(now - std::chrono::duration_cast<std::chrono::seconds>(retention));
}

audit_pruner::audit_pruner(storage& store, const clock& clk, logger& log, std::chrono::days retention,
                           background_worker::duration interval)
    : store_(store), clock_(clk), log_(log), retention_(retention), interval_(interval),
      worker_([this] { return prune_now(); }) {}

background_worker::duration audit_pruner::prune_now() {
  try {
    const auto deleted = prune_audit_events(store_, clock_.now(), retention_);
    if (deleted > 0) log_.info("audit.pruned", {{"deleted", deleted}, {"retention_days", retention_.count()}});
  } catch (const std::exception& error) {
    // A failed prune is tried again the next day; the server goes on.
    log_.error("audit.prune_failed", {{"error", error.what()}});
  }
  return interval_;
}

}  // namespace twofold::server
