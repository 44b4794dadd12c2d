#include "app/admin_people_api.hpp"

#include <algorithm>
#include <charconv>

#include "admin/agent_form.hpp"
#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/query_string.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "twofold/validation/account_form.hpp"

namespace twofold::server::admin_people_api {

namespace {

std::optional<long long> positive_number(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

field_errors one_error(std::string_view field, std::string_view code) {
  return {field_error{.field = std::string(field), .code = std::string(code),
                      .message_key = "validation." + std::string(code)}};
}

nlohmann::json optional_json(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json();
}

std::string people_json(const people_page& page) {
  auto users = nlohmann::json::array();
  for (const auto& row : page.users) {
    users.push_back({{"id", row.user.id},
                     {"username", row.user.username},
                     {"email", row.user.email},
                     {"display_name", row.user.display_name},
                     {"role", row.user.role},
                     {"language", optional_json(row.user.language)},
                     {"two_factor", optional_json(row.two_factor_method)},
                     {"locked", is_locked(row.user, page.as_of)},
                     {"disabled", row.user.disabled},
                     {"last_sign_in_at", row.last_sign_in_at ? nlohmann::json(iso8601(*row.last_sign_in_at))
                                                             : nlohmann::json()}});
  }
  return nlohmann::json{{"users", users}, {"total", page.total}, {"page", page.page}, {"page_size", people_page_size}}
      .dump();
}

nlohmann::json person_json(const user_record& person) {
  return {{"id", person.id},
          {"username", person.username},
          {"email", person.email},
          {"display_name", person.display_name},
          {"role", person.role},
          {"language", optional_json(person.language)},
          {"disabled", person.disabled}};
}

std::string created_json(const user& account) {
  return nlohmann::json{{"user",
                         {{"id", account.id},
                          {"username", account.username},
                          {"email", account.email},
                          {"display_name", account.display_name},
                          {"role", role_name(account.role)},
                          {"language", i18n::language_tag(account.language)},
                          {"must_change_password", account.must_change_password}}}}
      .dump();
}

// The answer for a refused change, in the administrator's language.
http_response refusal(agent_outcome outcome, i18n::language language) {
  switch (outcome) {
    case agent_outcome::not_found: return person_refused(language);
    case agent_outcome::self_protected: return error_answer(409, "cannot_change_self", language);
    case agent_outcome::not_an_admin: return error_answer(403, "forbidden", language);
    case agent_outcome::email_taken:
      return error_answer(400, "validation_failed", language,
                          {field_error{.field = "email", .code = "taken", .message_key = "validation.taken"}});
    case agent_outcome::done: break;
  }
  return error_answer(500, "internal", language);
}

const char* outcome_name(agent_outcome outcome) {
  switch (outcome) {
    case agent_outcome::done: return "done";
    case agent_outcome::not_found: return "not_found";
    case agent_outcome::self_protected: return "self_protected";
    case agent_outcome::email_taken: return "email_taken";
    case agent_outcome::not_an_admin: return "not_an_admin";
  }
  return "unknown";
}

// A change to a person: logged, and answered by `answer` when done.
http_response changed(app_services& services, const request_context& context, std::string_view event,
                      const agent_change_result& result, http_response answer) {
  services.log.info(event, {{"user_id", *context.id},
                            {"by_user_id", context.account().id},
                            {"outcome", outcome_name(result.outcome)}});
  if (result.outcome != agent_outcome::done) return refusal(result.outcome, context.language);
  return answer;
}

field_error wrong_type(std::string_view field) {
  return {.field = std::string(field), .code = "required", .message_key = "validation.required"};
}

// A string field; "" when absent. A value of another type is an error.
std::string text_field(const nlohmann::json& body, std::string_view name, field_errors& errors) {
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) return {};
  if (!found->is_string()) {
    errors.push_back(wrong_type(name));
    return {};
  }
  return found->get<std::string>();
}

// {"temporary_password": "..."} or none / null for a link.
password_choice choice_of(const nlohmann::json& body, field_errors& errors) {
  const auto found = body.find("temporary_password");
  if (found == body.end() || found->is_null()) return {};
  if (!found->is_string()) {
    errors.push_back(wrong_type("temporary_password"));
    return {};
  }
  auto password = found->get<std::string>();
  for (auto& error : validate_new_password(password, "temporary_password")) errors.push_back(std::move(error));
  return password_choice{.temporary_password = std::move(password)};
}

}  // namespace

http_response list(app_services& services, request_context& context) {
  const auto& target = context.request.target;
  const std::string search = query_parameter(target, "q").value_or("");
  if (code_points(search) > max_people_search) {
    return error_answer(400, "validation_failed", context.language, one_error("q", "too_long"));
  }
  const auto page_text = query_parameter(target, "page");
  const auto page = page_text ? positive_number(*page_text) : std::optional<long long>(1);
  if (!page || *page > 1'000'000) {
    return error_answer(400, "validation_failed", context.language, one_error("page", "out_of_range"));
  }
  return json_answer(200, people_json(services.people.list(context.account(), search, *page)));
}

http_response create(app_services& services, request_context& context) {
  const auto& body = context.body;
  field_errors errors;
  const account_form form{.display_name = text_field(body, "display_name", errors),
                          .username = text_field(body, "username", errors),
                          .email = text_field(body, "email", errors),
                          .role = text_field(body, "role", errors),
                          .language = text_field(body, "language", errors)};
  auto checked = validate_account(form);
  for (auto& error : checked.errors) errors.push_back(std::move(error));
  const auto password = choice_of(body, errors);
  if (!errors.empty()) return error_answer(400, "validation_failed", context.language, errors);
  const auto outcome = services.accounts.create(context.account(), checked.normalized, password, context.client);
  if (const auto* taken = std::get_if<field_errors>(&outcome)) {
    return error_answer(400, "validation_failed", context.language, *taken);
  }
  const auto& created = std::get<account_created>(outcome).account;
  services.log.info("admin.user_created", {{"user_id", created.id}, {"by_user_id", context.account().id}});
  return json_answer(201, created_json(created));
}

http_response edit(app_services& services, request_context& context) {
  const auto profile = validate_agent_profile(context.body);
  if (const auto* errors = std::get_if<field_errors>(&profile)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  const auto result =
      services.agents.edit(context.account(), *context.id, std::get<agent_profile>(profile), context.client);
  return changed(services, context, "admin.user_edited", result,
                 result.person ? json_answer(200, nlohmann::json{{"user", person_json(*result.person)}}.dump())
                               : empty_answer());
}

http_response remove(app_services& services, request_context& context) {
  const auto result = services.agents.remove(context.account(), *context.id, context.client);
  return changed(services, context, "admin.user_deleted", result, empty_answer());
}

http_response disable(app_services& services, request_context& context) {
  const auto result = services.agents.set_disabled(context.account(), *context.id, true, context.client);
  return changed(services, context, "admin.user_disabled", result, empty_answer());
}

http_response enable(app_services& services, request_context& context) {
  const auto result = services.agents.set_disabled(context.account(), *context.id, false, context.client);
  return changed(services, context, "admin.user_enabled", result, empty_answer());
}

http_response unlock(app_services& services, request_context& context) {
  if (!services.people.unlock(context.account(), *context.id, context.client)) return person_refused(context.language);
  services.log.info("admin.unlocked", {{"user_id", *context.id}, {"by_user_id", context.account().id}});
  return empty_answer();
}

http_response reset_password(app_services& services, request_context& context) {
  field_errors errors;
  const auto password = choice_of(context.body, errors);
  if (!errors.empty()) return error_answer(400, "validation_failed", context.language, errors);
  const auto outcome = services.accounts.reset_password(context.account(), *context.id, password, context.client);
  return std::visit(
      overloaded{
          [&](const password_reset_by_admin&) {
            services.log.info("admin.password_reset", {{"user_id", *context.id}, {"by_user_id", context.account().id}});
            return empty_answer();
          },
          [&](const user_not_found&) { return person_refused(context.language); },
          [&](const own_account&) { return error_answer(409, "own_account", context.language); },
          [&](const field_errors& refused) { return error_answer(400, "validation_failed", context.language, refused); },
      },
      outcome);
}

}  // namespace twofold::server::admin_people_api
