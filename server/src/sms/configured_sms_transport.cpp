#include "sms/configured_sms_transport.hpp"

#include "sms/sms_file_transport.hpp"
#include "sms/sms_gateway_transport.hpp"

namespace twofold::server {

std::unique_ptr<sms_transport> configured_sms_transport(const config& cfg, logger& log) {
  if (cfg.sms_transport == "http") {
    return std::make_unique<sms_gateway_transport>(gateway_settings{
        .url = cfg.sms_gateway_url,
        .body = cfg.sms_gateway_content_type == "form" ? gateway_body::form : gateway_body::json,
        .body_template = cfg.sms_gateway_body,
        .auth_header = cfg.sms_gateway_auth_header,
        .auth = cfg.sms_gateway_auth,
    });
  }
  return std::make_unique<sms_file_transport>(cfg.data_dir, log);
}

}  // namespace twofold::server
