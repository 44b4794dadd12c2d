#include "app/admin_audit_api.hpp"

#include <variant>

#include <nlohmann/json.hpp>

#include "admin/audit_log.hpp"
#include "app/admin_access.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "account/audit.hpp"

namespace twofold::server {

namespace {

nlohmann::json user_json(const audit_entry_record& entry) {
  if (!entry.event.user_id || !entry.username) return nullptr;
  return {{"id", *entry.event.user_id}, {"username", *entry.username}, {"display_name", entry.display_name.value_or("")}};
}

// The administrator who acted (detail.by_user_id); a deleted one by the
// username detail.deleted_by_user kept, when it did.
nlohmann::json actor_json(const audit_entry_record& entry, const nlohmann::json& detail) {
  const auto by = detail.find("by_user_id");
  if (by == detail.end() || !by->is_number_integer()) return nullptr;
  if (entry.actor_username) {
    return {{"id", *by},
            {"username", *entry.actor_username},
            {"display_name", entry.actor_display_name.value_or("")},
            {"deleted", false}};
  }
  const auto deleted = detail.find("deleted_by_user");
  const bool named = deleted != detail.end() && deleted->is_object() && deleted->contains("username") &&
                     (*deleted)["username"].is_string();
  return {{"id", *by},
          {"username", named ? (*deleted)["username"] : nlohmann::json(nullptr)},
          {"display_name", ""},
          {"deleted", true}};
}

std::string page_json(const audit_log_page& page) {
  auto events = nlohmann::json::array();
  for (const auto& entry : page.events.events) {
    auto detail = nlohmann::json::parse(entry.event.detail_json, nullptr, false);
    if (detail.is_discarded()) detail = nlohmann::json::object();  // the schema checks json_valid; never expected
    events.push_back({{"id", entry.id},
                      {"time", iso8601(entry.event.created_at)},
                      {"event", entry.event.event},
                      {"user", user_json(entry)},
                      {"actor", actor_json(entry, detail)},
                      {"ip", entry.event.ip},
                      {"user_agent", entry.event.user_agent},
                      {"detail", std::move(detail)}});
  }
  return nlohmann::json{{"events", std::move(events)},
                        {"total", page.events.total},
                        {"page", page.page},
                        {"page_size", audit_page_size},
                        {"event_types", audit::known_events}}
      .dump();
}

}  // namespace

admin_audit_api::admin_audit_api(storage& store, session_service& sessions, logger& log)
    : store_(store), sessions_(sessions), log_(log) {}

http_response admin_audit_api::list(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto parsed = parse_audit_log_parameters({.user = query_parameter(request.target, "user"),
                                                  .event = query_parameter(request.target, "event"),
                                                  .from = query_parameter(request.target, "from"),
                                                  .to = query_parameter(request.target, "to"),
                                                  .page = query_parameter(request.target, "page")});
  if (const auto* errors = std::get_if<field_errors>(&parsed)) {
    return error_answer(400, "validation_failed", account.language, *errors);
  }
  return json_answer(200, page_json(read_audit_log(store_, account, std::get<audit_log_request>(parsed))));
}

}  // namespace twofold::server
