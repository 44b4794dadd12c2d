#include "admin/two_factor_policy_admin.hpp"

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/trusted_browsers.hpp"

namespace twofold::server {

namespace {

field_errors one_error(std::string_view field, std::string_view code) {
  return {field_error{.field = std::string(field),
                      .code = std::string(code),
                      .message_key = "validation." + std::string(code)}};
}

nlohmann::json days_json(const std::optional<int>& days) { return days ? nlohmann::json(*days) : nlohmann::json(); }

}  // namespace

std::variant<two_factor_policy, field_errors> parse_two_factor_policy(const nlohmann::json& body,
                                                                      const two_factor_policy& current) {
  two_factor_policy next = current;
  if (const auto policy = body.find("two_factor_policy"); policy != body.end()) {
    if (!policy->is_object()) return one_error("two_factor_policy", "invalid_choice");
    const auto days = policy->find("skip_days");
    if (days == policy->end()) return one_error("skip_days", "required");
    if (days->is_null()) {
      next.trusted_browser_days = std::nullopt;
    } else if (days->is_number_integer() && is_trusted_browser_day_choice(days->get<long long>())) {
      next.trusted_browser_days = days->get<int>();
    } else {
      return one_error("skip_days", "invalid_choice");
    }
  }
  if (const auto required = body.find("require_two_factor"); required != body.end()) {
    if (!required->is_boolean()) return one_error("require_two_factor", "invalid_choice");
    next.require_two_factor = required->get<bool>();
  }
  return next;
}

void add_two_factor_policy_json(nlohmann::json& body, const two_factor_policy& policy) {
  body["two_factor_policy"] = {{"skip_days", days_json(policy.trusted_browser_days)}};
  body["require_two_factor"] = policy.require_two_factor;
}

two_factor_policy two_factor_policy_admin::policy(const user& admin) {
  const auto company = store_.find_company(admin.company_id);
  if (!company) return {};
  return {.trusted_browser_days = company->trusted_browser_days, .require_two_factor = company->require_two_factor};
}

void two_factor_policy_admin::change(const user& admin, const two_factor_policy& next, const client_info& client) {
  const auto now = clock_.now();
  const auto current = policy(admin);
  if (current.trusted_browser_days == next.trusted_browser_days && current.require_two_factor == next.require_two_factor) {
    return;
  }
  change_set changes;
  changes.trust.company_policies.push_back({.company_id = admin.company_id,
                                         .trusted_browser_days = next.trusted_browser_days,
                                         .require_two_factor = next.require_two_factor});
  const bool shorter = !next.trusted_browser_days ||
                       (current.trusted_browser_days && *next.trusted_browser_days < *current.trusted_browser_days);
  if (current.trusted_browser_days && shorter) {
    changes.trust.company_limits.push_back(
        {.company_id = admin.company_id, .days = next.trusted_browser_days, .now = now});
  }
  changes.audit_events.push_back(audit_event(
      audit::security_settings_changed, client, now, admin.company_id, admin.id,
      {{"two_factor_policy",
        {{"old", {{"skip_days", days_json(current.trusted_browser_days)}}},
         {"new", {{"skip_days", days_json(next.trusted_browser_days)}}}}},
       {"require_two_factor", {{"old", current.require_two_factor}, {"new", next.require_two_factor}}}}));
  store_.apply(changes);
}

bool two_factor_policy_admin::revoke_trusted_browsers(const user& admin, row_id user_id, const client_info& client) {
  const auto target = store_.find_user(user_id);
  if (!target || target->company_id != admin.company_id) return false;
  const auto now = clock_.now();
  change_set changes;
  changes.trust.end_all(user_id);
  changes.audit_events.push_back(audit_event(audit::trusted_browsers_revoked, client, now, admin.company_id, user_id,
                                             {{"by_user_id", admin.id}, {"which", "all"}}));
  store_.apply(changes);
  return true;
}

}  // namespace twofold::server
