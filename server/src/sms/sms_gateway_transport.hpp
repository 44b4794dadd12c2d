#pragma once
// Delivers text messages to an HTTP SMS gateway: one POST per message, as
// gateway_request.hpp builds it, by runtime/http_fetch (TLS verified, https
// unless the gateway is on this machine, no redirects, timeouts). Any 2xx
// answer is delivery; anything else, or no answer, is a failure to retry.
#include "sms/gateway_request.hpp"
#include "sms/sms_transport.hpp"

namespace twofold::server {

class sms_gateway_transport final : public sms_transport {
 public:
  explicit sms_gateway_transport(gateway_settings settings) : settings_(std::move(settings)) {}

  [[nodiscard]] delivery_result deliver(const outbox_sms_record& sms) override;
  // One request at http_fetch's limits, which end it by their total_timeout.
  [[nodiscard]] std::chrono::seconds longest_attempt() const override { return fetch_limits{}.total_timeout; }

 private:
  gateway_settings settings_;
};

}  // namespace twofold::server
