#include "sms/sms_gateway_transport.hpp"

#include <string>
#include <variant>

namespace twofold::server {

namespace {

std::string_view reason(fetch_failure failure) {
  switch (failure) {
    case fetch_failure::url_refused: return "refused URL (https, or http to this machine)";
    case fetch_failure::unreachable: return "unreachable";
    case fetch_failure::too_large: return "answer too large";
  }
  return "failed";
}

}  // namespace

// The failures name the gateway and what went wrong, never the number or the text.
delivery_result sms_gateway_transport::deliver(const outbox_sms_record& sms) {
  const auto request = gateway_request_for(settings_, sms.recipient, sms.text);
  const auto answer = http_post(request.url, request.post);
  const std::string gateway = "SMS gateway " + settings_.url + ": ";
  if (const auto* failed = std::get_if<fetch_failure>(&answer)) return failure{gateway + std::string(reason(*failed))};
  const long status = std::get<fetched>(answer).status;
  if (status < 200 || status > 299) return failure{gateway + "HTTP " + std::to_string(status)};
  return delivered{};
}

}  // namespace twofold::server
