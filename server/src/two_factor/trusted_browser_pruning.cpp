#include "two_factor/trusted_browser_pruning.hpp"

#include "storage/storage.hpp"

namespace twofold::server {

std::int64_t prune_ended_trusted_browsers(storage& store, timestamp now) {
  return store.delete_ended_trusted_browsers(now);
}

periodic_prune trusted_browser_pruner(storage& store, const clock& clk, logger& log,
                                      background_worker::duration interval) {
  return periodic_prune("trusted_browser", log, interval,
                        [&store, &clk] { return prune_ended_trusted_browsers(store, clk.now()); });
}

}  // namespace twofold::server
