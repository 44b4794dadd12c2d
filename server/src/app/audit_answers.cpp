#include "app/audit_answers.hpp"

#include <nlohmann/json.hpp>

#include "account/audit.hpp"

namespace twofold::server {

namespace {

nlohmann::json user_json(const audit_entry_record& entry) {
  if (!entry.event.user_id || !entry.username) return nullptr;
  return {{"id", *entry.event.user_id}, {"username", *entry.username}, {"display_name", entry.display_name.value_or("")}};
}

// The administrator who acted (detail.by_user_id); a deleted one by the
// username detail.deleted_by_user kept, when it did; or the operator.
nlohmann::json actor_json(const audit_entry_record& entry, const nlohmann::json& detail) {
  if (const auto operator_acted = detail.find(audit::by_operator);
      operator_acted != detail.end() && *operator_acted == true) {
    return {{"operator", true}};
  }
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

}  // namespace

std::string audit_page_json(const audit_log_page& page) {
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

}  // namespace twofold::server
