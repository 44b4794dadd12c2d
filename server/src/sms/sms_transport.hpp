#pragma once
// Where text messages go: a folder (sms_file_transport, the default) or an
// HTTP SMS gateway (sms_gateway_transport). A transport is used by one
// thread at a time (the SMS outbox sender's). Every failure is retried
// later (mail/mail_retry.hpp), so a failure is only its reason.
#include <chrono>

#include "mail/mail_transport.hpp"
#include "storage/records.hpp"

namespace twofold::server {

class sms_transport {
 public:
  virtual ~sms_transport() = default;
  [[nodiscard]] virtual delivery_result deliver(const outbox_sms_record& sms) = 0;
  // The longest one deliver() may take (mail_transport::longest_attempt).
  [[nodiscard]] virtual std::chrono::seconds longest_attempt() const = 0;

 protected:
  sms_transport() = default;
  sms_transport(const sms_transport&) = default;
  sms_transport& operator=(const sms_transport&) = default;
};

}  // namespace twofold::server
