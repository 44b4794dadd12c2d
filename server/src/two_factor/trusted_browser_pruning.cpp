#include "two_factor/trusted_browser_pruning.hpp"

#include "storage/storage.hpp"

namespace twofold::server {

periodic_prune trusted_browser_pruner(storage& store, const clock& clk, logger& log,
                                      background_worker::duration interval) {
  return periodic_prune("trusted_browser", log, interval,
                        [&store, &clk] { return store.delete_ended_trusted_browsers(clk.now()); });
}

}  // namespace twofold::server
