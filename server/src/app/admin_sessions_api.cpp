#include "app/admin_sessions_api.hpp"

#include <charconv>

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/origin_answers.hpp"
#include "app/query_string.hpp"

namespace twofold::server::admin_sessions_api {

namespace {

constexpr std::int64_t max_page = 10'000;

// The "page" parameter: 1 when absent, else 1..max_page.
std::optional<std::int64_t> page_of(std::string_view target) {
  const auto text = query_parameter(target, "page");
  if (!text || text->empty()) return 1;
  std::int64_t page = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), page);
  if (error != std::errc{} || end != text->data() + text->size() || page < 1 || page > max_page) return std::nullopt;
  return page;
}

http_response refused(sign_out_refusal refusal, i18n::language language) {
  if (refusal == sign_out_refusal::not_found) return error_answer(404, "not_found", language);
  return error_answer(409, refusal == sign_out_refusal::current_session ? "current_session" : "own_account", language);
}

}  // namespace

http_response sessions(app_services& services, request_context& context) {
  const auto page = page_of(context.request.target);
  if (!page) {
    return error_answer(400, "validation_failed", context.language,
                        {field_error{.field = "page", .code = "out_of_range", .message_key = "validation.out_of_range"}});
  }
  const auto found = services.where_signed_in.company(*context.session, *page);
  auto list = nlohmann::json::array();
  for (const auto& view : found.sessions) list.push_back(company_session_json(view, context.language));
  return json_answer(200, nlohmann::json{{"sessions", std::move(list)},
                                         {"total", found.total},
                                         {"page", found.page},
                                         {"page_size", company_sessions_page_size}}
                              .dump());
}

http_response end_session(app_services& services, request_context& context) {
  if (const auto refusal = services.sign_out.end_by_admin(*context.session, *context.id, context.client)) {
    return refused(*refusal, context.language);
  }
  return empty_answer();
}

http_response sign_out_person(app_services& services, request_context& context) {
  const auto outcome = services.sign_out.sign_out_person(*context.session, *context.id, context.client);
  if (const auto* refusal = std::get_if<sign_out_refusal>(&outcome)) {
    // Another company's person is refused like every person an administrator may not act on.
    if (*refusal == sign_out_refusal::not_found) return person_refused(context.language);
    return refused(*refusal, context.language);
  }
  return json_answer(200, nlohmann::json{{"ended", std::get<std::int64_t>(outcome)}}.dump());
}

http_response activity(app_services& services, request_context& context) {
  auto hours = nlohmann::json::array();
  for (const auto& hour : services.activity.last_week(context.account())) {
    hours.push_back({{"start", iso8601(hour.start)}, {"sign_ins", hour.sign_ins}, {"failures", hour.failures}});
  }
  return json_answer(200, nlohmann::json{{"hours", std::move(hours)}}.dump());
}

}  // namespace twofold::server::admin_sessions_api
