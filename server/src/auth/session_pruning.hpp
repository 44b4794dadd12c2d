#pragma once
// Expired sessions are refused when presented (sessions.hpp); their rows
// are deleted here, every few minutes on a thread of their own, rather than
// by each sign-in, which paid for a look at every session of every company.
#include <chrono>
#include <cstdint>

#include "auth/sessions.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "runtime/periodic_prune.hpp"

namespace twofold::server {

class storage;

// Deletes the sessions expired at `now` under `policy`; returns how many.
std::int64_t prune_expired_sessions(storage& store, const session_policy& policy, timestamp now);

inline constexpr std::chrono::minutes session_prune_interval{10};

// prune_expired_sessions at start and then every `interval` ("session.pruned"
// in the log); the time comes from the injected clock.
[[nodiscard]] periodic_prune session_pruner(storage& store, const clock& clk, logger& log, session_policy policy,
                                            background_worker::duration interval = session_prune_interval);

}  // namespace twofold::server
