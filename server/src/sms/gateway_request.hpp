#pragma once
// What an HTTP SMS gateway is sent for one message, in the shape the common
// gateways take: a JSON body, e.g. {"to":"{to}","text":"{text}"}, or a
// form, e.g. Twilio's To={to}&From=%2B15005550006&Body={text}. The operator
// writes the body as a template (--sms-gateway-body); the message fills its
// {to} and {text}, each encoded for the body it lands in (JSON string
// escapes; form encoding), so no text can break out of its place. The
// gateway's secret goes in a header of its own (--sms-gateway-auth-header,
// TWOFOLD_SMS_GATEWAY_AUTH). Pure: no network here.
#include <string>
#include <string_view>

#include "runtime/http_fetch.hpp"

namespace twofold::server {

enum class gateway_body { json, form };

struct gateway_settings {
  std::string url;
  gateway_body body = gateway_body::json;
  std::string body_template;                  // with {to} and {text}
  std::string auth_header = "Authorization";  // the secret's header
  std::string auth;                           // its value, e.g. "Basic QUM...": empty sends no header
};

struct gateway_request {
  std::string url;
  body_post post;
};

// `to`: E.164; `text`: UTF-8.
[[nodiscard]] gateway_request gateway_request_for(const gateway_settings& settings, std::string_view to,
                                                  std::string_view text);

// `body_template` with every {to} and {text} replaced by `to` and `text`,
// encoded for `body`; any other text of the template stays as written.
[[nodiscard]] std::string filled_body(gateway_body body, std::string_view body_template, std::string_view to,
                                      std::string_view text);

}  // namespace twofold::server
