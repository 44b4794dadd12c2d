#pragma once
// One kind of message in the durable outbox, mail or SMS: where its messages
// wait (storage's queue of that kind) and how they leave (its transport).
// The outbox sender (outbox_sender.hpp) works every channel by one rule:
// claim what is due, deliver it, mark it sent or schedule the retry.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "mail/mail_transport.hpp"
#include "storage/records.hpp"

namespace twofold::server {

// A message claimed from one of the outboxes.
using outbox_message = std::variant<outbox_mail_record, outbox_sms_record>;

class outbox_channel {
 public:
  virtual ~outbox_channel() = default;

  // "mail" | "sms": the sender's log events are <name>.sent, <name>.failed
  // and <name>.outbox_failed.
  [[nodiscard]] virtual std::string_view name() const = 0;

  // The storage's queue of this kind (storage::claim_due_mail, ..._sms, ...).
  [[nodiscard]] virtual std::vector<outbox_message> claim_due(timestamp now, std::size_t limit,
                                                              std::string_view claimer, timestamp lease_until) = 0;
  [[nodiscard]] virtual std::optional<timestamp> next_due() = 0;
  virtual void mark_sent(row_id id, timestamp sent_at) = 0;
  virtual void record_failure(row_id id, std::string_view claimer, std::string_view error,
                              timestamp next_attempt_at) = 0;
  virtual void release_unsent(std::string_view claimer, timestamp now) = 0;

  // `message` is one this channel claimed.
  [[nodiscard]] virtual delivery_result deliver(const outbox_message& message) = 0;
  // The longest one deliver() may take: its transport's (mail_transport::longest_attempt).
  [[nodiscard]] virtual std::chrono::seconds longest_attempt() const = 0;

 protected:
  outbox_channel() = default;
  outbox_channel(const outbox_channel&) = default;
  outbox_channel& operator=(const outbox_channel&) = default;
};

// The outbox row's id and its failed deliveries so far, whichever kind it is.
[[nodiscard]] row_id id_of(const outbox_message& message);
[[nodiscard]] int attempts_of(const outbox_message& message);

}  // namespace twofold::server
