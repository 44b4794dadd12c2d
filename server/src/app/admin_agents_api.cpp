#include "app/admin_agents_api.hpp"

#include <variant>

#include <nlohmann/json.hpp>

#include "admin/agent_changes.hpp"
#include "admin/agent_form.hpp"
#include "app/admin_access.hpp"
#include "app/admin_api.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/session_api.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace {

nlohmann::json person_json(const user_record& person) {
  return {{"id", person.id},
          {"username", person.username},
          {"email", person.email},
          {"display_name", person.display_name},
          {"role", person.role},
          {"language", person.language ? nlohmann::json(*person.language) : nlohmann::json()},
          {"disabled", person.disabled}};
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

}  // namespace

admin_agents_api::admin_agents_api(const config& cfg, agent_changes& agents, session_service& sessions, logger& log)
    : cfg_(cfg), agents_(agents), sessions_(sessions), log_(log) {}

http_response admin_agents_api::edit(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(person_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", account.language);
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return error_answer(400, "malformed_json", account.language);
  const auto profile = validate_agent_profile(body);
  if (const auto* errors = std::get_if<field_errors>(&profile)) {
    return error_answer(400, "validation_failed", account.language, *errors);
  }
  const auto result = agents_.edit(account, *id, std::get<agent_profile>(profile), client_of(request));
  log_.info("admin.user_edited", {{"user_id", *id}, {"by_user_id", account.id}, {"outcome", outcome_name(result.outcome)}});
  if (result.outcome != agent_outcome::done) return refusal(result.outcome, account.language);
  return json_answer(200, nlohmann::json{{"user", person_json(*result.person)}}.dump());
}

http_response admin_agents_api::disable(const http_request& request) {
  return change_disabled(request, disable_path, true);
}

http_response admin_agents_api::enable(const http_request& request) {
  return change_disabled(request, enable_path, false);
}

http_response admin_agents_api::change_disabled(const http_request& request, std::string_view pattern, bool disabled) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(pattern, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  const auto result = agents_.set_disabled(account, *id, disabled, client_of(request));
  log_.info(disabled ? "admin.user_disabled" : "admin.user_enabled",
            {{"user_id", *id}, {"by_user_id", account.id}, {"outcome", outcome_name(result.outcome)}});
  if (result.outcome != agent_outcome::done) return refusal(result.outcome, account.language);
  return empty_answer();
}

http_response admin_agents_api::remove(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(person_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  const auto result = agents_.remove(account, *id, client_of(request));
  log_.info("admin.user_deleted", {{"user_id", *id}, {"by_user_id", account.id}, {"outcome", outcome_name(result.outcome)}});
  if (result.outcome != agent_outcome::done) return refusal(result.outcome, account.language);
  return empty_answer();
}

}  // namespace twofold::server
