#include "app/api_answers.hpp"

#include <algorithm>

#include "twofold/api/messages.hpp"

namespace twofold::server {

http_response json_answer(unsigned status, std::string body) {
  return http_response{.status = status,
                       .headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}},
                       .body = std::move(body)};
}

http_response empty_answer() {
  return http_response{.status = 204, .headers = {{"Cache-Control", "no-store"}}, .body = {}};
}

http_response error_answer(unsigned status, std::string_view code, i18n::language language, const field_errors& fields,
                           const placeholders& values) {
  const std::string key = "error." + std::string(code);
  const api::error_body body{
      .code = std::string(code),
      .message_key = key,
      .message = fill_placeholders(i18n::translate(language, key), values),
      .fields = fields,
  };
  return json_answer(status, api::to_json(body));
}

std::string fill_placeholders(std::string_view text, const placeholders& values) {
  std::string filled;
  filled.reserve(text.size());
  while (!text.empty()) {
    const auto open = text.find('{');
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    filled.append(text.substr(0, open));
    const auto name = text.substr(open + 1, close - open - 1);
    const auto value =
        std::find_if(values.begin(), values.end(), [&](const auto& entry) { return entry.first == name; });
    filled.append(value == values.end() ? text.substr(open, close - open + 1) : std::string_view(value->second));
    text.remove_prefix(close + 1);
  }
  filled.append(text);
  return filled;
}

}  // namespace twofold::server
