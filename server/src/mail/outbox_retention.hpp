#pragma once
// A sent message is kept a while without its text (storage's mark_sent):
// its recipient and subject, for an operator asking whether a mail went
// out. Then it is deleted, once a day on a thread of its own; without that
// every code mailed would stay forever. An unsent message stays until it is
// sent (/metrics shows what waits).
#include <chrono>
#include <cstdint>

#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "runtime/periodic_prune.hpp"

namespace twofold::server {

class storage;

inline constexpr std::chrono::days sent_message_retention{30};
inline constexpr std::chrono::hours outbox_prune_interval{24};

// Deletes the mails and SMS sent more than sent_message_retention before
// `now`; returns how many.
std::int64_t prune_sent_messages(storage& store, timestamp now);

// prune_sent_messages at start and then every `interval` ("outbox.pruned"
// in the log); the time comes from the injected clock.
[[nodiscard]] periodic_prune outbox_pruner(storage& store, const clock& clk, logger& log,
                                           background_worker::duration interval = outbox_prune_interval);

}  // namespace twofold::server
