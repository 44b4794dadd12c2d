#include "mail/outbox_channel.hpp"

namespace twofold::server {

row_id id_of(const outbox_message& message) {
  return std::visit([](const auto& record) { return record.id; }, message);
}

int attempts_of(const outbox_message& message) {
  return std::visit([](const auto& record) { return record.attempts; }, message);
}

}  // namespace twofold::server
