#pragma once
// How long audit events are kept (--audit-retention-days, 400 by default):
// older ones are deleted once a day by a thread of their own, never on the
// request path. Without it every refused request an attacker provokes would
// be kept forever.
#include <chrono>
#include <cstdint>

#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "runtime/periodic_prune.hpp"

namespace twofold::server {

class storage;

// Deletes the audit events written more than `retention` before `now`;
// returns how many.
std::int64_t prune_audit_events(storage& store, timestamp now, std::chrono::days retention);

inline constexpr std::chrono::hours audit_prune_interval{24};

// prune_audit_events at start and then every `interval` ("audit.pruned" in
// the log); the time it prunes to comes from the injected clock.
[[nodiscard]] periodic_prune audit_pruner(storage& store, const clock& clk, logger& log, std::chrono::days retention,
                                          background_worker::duration interval = audit_prune_interval);

}  // namespace twofold::server
