#include "account/audit_retention.hpp"

#include "storage/storage.hpp"

namespace twofold::server {

std::int64_t prune_audit_events(storage& store, timestamp now, std::chrono::days retention) {
  return store.delete_audit_events_before(now - std::chrono::duration_cast<std::chrono::seconds>(retention));
}

periodic_prune audit_pruner(storage& store, const clock& clk, logger& log, std::chrono::days retention,
                            background_worker::duration interval) {
  return periodic_prune("audit", log, interval,
                        [&store, &clk, retention] { return prune_audit_events(store, clk.now(), retention); });
}

}  // namespace twofold::server
