#include "sms/gateway_request.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

namespace twofold::server {

namespace {

// The inside of a JSON string holding `value` (RFC 8259 §7), UTF-8 kept.
std::string json_string_content(std::string_view value) {
  const std::string quoted = nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string encoded(gateway_body body, std::string_view value) {
  return body == gateway_body::json ? json_string_content(value) : form_encoded(value);
}

}  // namespace

std::string filled_body(gateway_body body, std::string_view body_template, std::string_view to, std::string_view text) {
  const std::array placeholders{std::pair{std::string_view("{to}"), encoded(body, to)},
                                std::pair{std::string_view("{text}"), encoded(body, text)}};
  std::string filled;
  for (std::size_t at = 0; at < body_template.size();) {
    bool replaced = false;
    for (const auto& [placeholder, value] : placeholders) {
      if (body_template.substr(at).starts_with(placeholder)) {
        filled += value;
        at += placeholder.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) filled += body_template[at++];
  }
  return filled;
}

gateway_request gateway_request_for(const gateway_settings& settings, std::string_view to, std::string_view text) {
  gateway_request request{
      .url = settings.url,
      .post = {.content_type = settings.body == gateway_body::json ? "application/json; charset=utf-8"
                                                                   : "application/x-www-form-urlencoded",
               .body = filled_body(settings.body, settings.body_template, to, text),
               .headers = {"Accept: application/json"}},
  };
  if (!settings.auth.empty()) request.post.headers.push_back(settings.auth_header + ": " + settings.auth);
  return request;
}

}  // namespace twofold::server
