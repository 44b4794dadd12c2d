#include "app/agent_accounts_api.hpp"

#include <nlohmann/json.hpp>

#include "admin/agent_accounts.hpp"
#include "app/admin_api.hpp"
#include "app/admin_access.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/session_api.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"

namespace twofold::server {

namespace {

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

std::string user_json(const user& account) {
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

}  // namespace

agent_accounts_api::agent_accounts_api(const config& cfg, agent_accounts& accounts, session_service& sessions,
                                       logger& log)
    : cfg_(cfg), accounts_(accounts), sessions_(sessions), log_(log) {}

http_response agent_accounts_api::create(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", account.language);
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return error_answer(400, "malformed_json", account.language);

  field_errors errors;
  const account_form form{.display_name = text_field(body, "display_name", errors),
                          .username = text_field(body, "username", errors),
                          .email = text_field(body, "email", errors),
                          .role = text_field(body, "role", errors),
                          .language = text_field(body, "language", errors)};
  auto checked = validate_account(form);
  for (auto& error : checked.errors) errors.push_back(std::move(error));
  const auto password = choice_of(body, errors);
  if (!errors.empty()) return error_answer(400, "validation_failed", account.language, errors);

  const auto outcome = accounts_.create(account, checked.normalized, password, client_of(request));
  if (const auto* taken = std::get_if<field_errors>(&outcome)) {
    return error_answer(400, "validation_failed", account.language, *taken);
  }
  const auto& created = std::get<account_created>(outcome).account;
  log_.info("admin.user_created", {{"user_id", created.id}, {"by_user_id", account.id}});
  return json_answer(201, user_json(created));
}

http_response agent_accounts_api::reset_password(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(password_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", account.language);
  const auto body = request.body.empty() ? nlohmann::json::object() : nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return error_answer(400, "malformed_json", account.language);
  field_errors errors;
  const auto password = choice_of(body, errors);
  if (!errors.empty()) return error_answer(400, "validation_failed", account.language, errors);

  const auto outcome = accounts_.reset_password(account, *id, password, client_of(request));
  return std::visit(overloaded{
                        [&](const password_reset_by_admin&) {
                          log_.info("admin.password_reset", {{"user_id", *id}, {"by_user_id", account.id}});
                          return empty_answer();
                        },
                        [&](const user_not_found&) { return person_refused(account.language); },
                        [&](const own_account&) { return error_answer(409, "own_account", account.language); },
                    },
                    outcome);
}

}  // namespace twofold::server
