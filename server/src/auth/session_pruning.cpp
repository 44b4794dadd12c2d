#include "auth/session_pruning.hpp"

#include "storage/storage.hpp"

namespace twofold::server {

std::int64_t prune_expired_sessions(storage& store, const session_policy& policy, timestamp now) {
  return store.delete_expired_sessions({.now = now, .idle_timeout = policy.idle_timeout});
}

periodic_prune session_pruner(storage& store, const clock& clk, logger& log, session_policy policy,
                              background_worker::duration interval) {
  return periodic_prune("session", log, interval,
                        [&store, &clk, policy] { return prune_expired_sessions(store, policy, clk.now()); });
}

}  // namespace twofold::server
