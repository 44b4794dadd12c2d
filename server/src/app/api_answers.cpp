#include "app/api_answers.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "runtime/server_metrics.hpp"
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

api::error_body error_of(std::string_view code, i18n::language language, const field_errors& fields,
                         const i18n::message_arguments& values) {
  std::string key = "error." + std::string(code);
  std::string message = i18n::format(language, key, values);
  return api::error_body{
      .code = std::string(code),
      .message_key = std::move(key),
      .message = std::move(message),
      .fields = fields,
      .counts = {},
  };
}

http_response error_answer(unsigned status, const api::error_body& body) {
  return json_answer(status, api::to_json(body));
}

http_response error_answer(unsigned status, std::string_view code, i18n::language language, const field_errors& fields,
                           const i18n::message_arguments& values) {
  return error_answer(status, error_of(code, language, fields, values));
}

api::error_body counted_error_of(std::string_view code, i18n::language language, std::string_view name,
                                 std::int64_t number) {
  auto body = error_of(code, language, {}, {{std::string(name), number}});
  body.counts.emplace_back(std::string(name), number);
  return body;
}

http_response counted_error_answer(unsigned status, std::string_view code, i18n::language language,
                                   std::string_view name, std::int64_t number) {
  return error_answer(status, counted_error_of(code, language, name, number));
}

http_response step_up_refusal(const step_up_result& result, i18n::language language) {
  switch (result.outcome) {
    case step_up_outcome::password_required: return error_answer(403, "step_up_required", language);
    case step_up_outcome::password_rejected: return error_answer(401, "password_rejected", language);
    case step_up_outcome::throttled: return wait_answer(throttle_kind::step_up, "too_many_attempts", language, result.retry_after);
    case step_up_outcome::allowed: break;
  }
  return error_answer(500, "internal", language);
}

http_response person_refused(i18n::language language) { return error_answer(403, "person_not_in_company", language); }

http_response wait_answer(throttle_kind kind, std::string_view code, i18n::language language,
                          std::chrono::seconds wait) {
  server_metrics::process().throttled(kind);
  const auto seconds = std::max<std::int64_t>(1, wait.count());
  auto answer = counted_error_answer(429, code, language, "seconds", seconds);
  answer.headers.emplace_back("Retry-After", std::to_string(seconds));
  return answer;
}

}  // namespace twofold::server
