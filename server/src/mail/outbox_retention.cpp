#include "mail/outbox_retention.hpp"

#include "storage/storage.hpp"

namespace twofold::server {

std::int64_t prune_sent_messages(storage& store, timestamp now) {
  return store.delete_sent_messages_before(now - std::chrono::duration_cast<std::chrono::seconds>(sent_message_retention));
}

periodic_prune outbox_pruner(storage& store, const clock& clk, logger& log, background_worker::duration interval) {
  return periodic_prune("outbox", log, interval, [&store, &clk] { return prune_sent_messages(store, clk.now()); });
}

}  // namespace twofold::server
