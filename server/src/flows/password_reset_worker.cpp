#include "flows/password_reset_worker.hpp"

#include <exception>

#include "flows/password_reset.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

password_reset_worker::password_reset_worker(storage& store, password_reset_service& resets, const clock& clk,
                                             logger& log)
    : store_(store), resets_(resets), clock_(clk), log_(log), worker_([this] { return run_pass(); }, settle_delay) {}

std::size_t password_reset_worker::resolve_due() {
  std::size_t resolved = 0;
  while (!worker_.stopping()) {
    const timestamp now = clock_.now();
    const auto batch = store_.claim_reset_requests(now, batch_size, now + claim_lease, now - stale_after);
    if (batch.empty()) break;
    for (const password_reset_request_record& request : batch) {
      if (worker_.stopping()) break;  // the rest come back when their lease ends
      if (resets_.resolve(request)) ++resolved;
    }
  }
  return resolved;
}

background_worker::duration password_reset_worker::run_pass() {
  try {
    resolve_due();
  } catch (const std::exception& error) {
    // The database failed (disk full, locked too long): the claimed
    // requests come back when their lease ends; try again later.
    log_.error("auth.password_reset_requests_failed", {{"error", error.what()}});
  }
  return max_idle_wait;
}

}  // namespace twofold::server
