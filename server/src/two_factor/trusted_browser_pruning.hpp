#pragma once
// A trusted browser past its end skips no code and is left out of its
// owner's list (trusted_browsers.hpp); its row is deleted here, once a day
// on a thread of its own, so the table holds only trust still given.
#include <chrono>

#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "runtime/periodic_prune.hpp"

namespace twofold::server {

class storage;

inline constexpr std::chrono::hours trusted_browser_prune_interval{24};

// Deletes the trusted browsers ended by then (storage's
// delete_ended_trusted_browsers) at start and then every `interval`
// ("trusted_browser.pruned" in the log); the time comes from the injected clock.
[[nodiscard]] periodic_prune trusted_browser_pruner(
    storage& store, const clock& clk, logger& log,
    background_worker::duration interval = trusted_browser_prune_interval);

}  // namespace twofold::server
