#pragma once
// The SMS transport the configuration asks for: --sms-transport file
// (default: <data-dir>/outbox/sms/) or http, with the --sms-gateway-*
// options and the gateway's secret from TWOFOLD_SMS_GATEWAY_AUTH.
#include <memory>

#include "config/config.hpp"
#include "runtime/logger.hpp"
#include "sms/sms_transport.hpp"

namespace twofold::server {

[[nodiscard]] std::unique_ptr<sms_transport> configured_sms_transport(const config& cfg, logger& log);

}  // namespace twofold::server
