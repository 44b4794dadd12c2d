#pragma once
// Where outgoing mail goes: a folder (file_transport, for development and
// tests) or an SMTP server (smtp_transport). A transport is used by one
// thread at a time (the outbox_sender's).
#include <chrono>
#include <string>

#include "mail/mail_message.hpp"
#include "storage/records.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

// One message from the outbox, with what identifies it on the wire.
struct outgoing_mail {
  row_id id = 0;           // the outbox row; also names the Message-ID, so a retry keeps it
  timestamp created_at{};  // the Date header
  mail_message message;
};

struct delivered {};

// Why a delivery failed, for the log and the outbox's last_error. Every
// failure is retried later, so no kinds are distinguished.
using delivery_result = result<delivered, std::string>;

class mail_transport {
 public:
  virtual ~mail_transport() = default;
  [[nodiscard]] virtual delivery_result deliver(const outgoing_mail& mail) = 0;
  // The longest one deliver() may take: it gives up by then. The outbox
  // leases a message for this and a margin (outbox_sender::claim_lease).
  [[nodiscard]] virtual std::chrono::seconds longest_attempt() const = 0;

 protected:
  mail_transport() = default;
  mail_transport(const mail_transport&) = default;
  mail_transport& operator=(const mail_transport&) = default;
};

// The Message-ID for an outbox row, without angle brackets, e.g.
// "twofold.42.1767225600@example.com" for row 42 sent from example.com.
[[nodiscard]] std::string message_id_for(const outgoing_mail& mail, std::string_view from);

}  // namespace twofold::server
