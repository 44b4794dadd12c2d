#include "admin/two_factor_policy_admin.hpp"

#include <array>
#include <utility>

#include "account/audit.hpp"
#include "admin/requirement_mail.hpp"
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

// The rules by their names in the API.
std::array<std::pair<std::string_view, bool*>, 3> rule_members(second_factor_rules& rules) {
  return {{{"every_sign_in", &rules.every_sign_in},
           {"new_device", &rules.new_device},
           {"new_location", &rules.new_location}}};
}

nlohmann::json rules_json(second_factor_rules rules) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, rule] : rule_members(rules)) json[name] = *rule;
  return json;
}

// What turned on from `current` to `next`: the requirements administrators are told about.
std::vector<std::string_view> turned_on(const two_factor_policy& current, const two_factor_policy& next) {
  std::vector<std::string_view> on;
  if (next.require_two_factor && !current.require_two_factor) on.emplace_back("require_two_factor");
  auto before = current.ask;
  auto after = next.ask;
  const auto old_rules = rule_members(before);
  const auto new_rules = rule_members(after);
  for (std::size_t i = 0; i < new_rules.size(); ++i) {
    if (*new_rules[i].second && !*old_rules[i].second) on.push_back(new_rules[i].first);
  }
  return on;
}

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
  if (const auto ask = body.find("ask_second_factor"); ask != body.end()) {
    if (!ask->is_object()) return one_error("ask_second_factor", "invalid_choice");
    for (auto [name, rule] : rule_members(next.ask)) {
      const auto value = ask->find(name);
      if (value == ask->end()) continue;
      if (!value->is_boolean()) return one_error(name, "invalid_choice");
      *rule = value->get<bool>();
    }
    if (!any_rule(next.ask)) return one_error("ask_second_factor", "choose_one");
  }
  return next;
}

void add_two_factor_policy_json(nlohmann::json& body, const two_factor_policy& policy) {
  body["two_factor_policy"] = {{"skip_days", days_json(policy.trusted_browser_days)}};
  body["require_two_factor"] = policy.require_two_factor;
  body["ask_second_factor"] = rules_json(policy.ask);
}

two_factor_policy two_factor_policy_admin::policy(const user& admin) {
  const auto company = store_.find_company(admin.company_id);
  if (!company) return {};
  return policy_of(*company);
}

void two_factor_policy_admin::change(const user& admin, const two_factor_policy& next, const client_info& client) {
  const auto now = clock_.now();
  const auto current = policy(admin);
  if (current.trusted_browser_days == next.trusted_browser_days && current.require_two_factor == next.require_two_factor &&
      current.ask == next.ask) {
    return;
  }
  change_set changes;
  changes.trust.company_policies.push_back({.company_id = admin.company_id,
                                            .trusted_browser_days = next.trusted_browser_days,
                                            .require_two_factor = next.require_two_factor,
                                            .every_sign_in = next.ask.every_sign_in,
                                            .new_device = next.ask.new_device,
                                            .new_location = next.ask.new_location});
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
       {"require_two_factor", {{"old", current.require_two_factor}, {"new", next.require_two_factor}}},
       {"ask_second_factor", {{"old", rules_json(current.ask)}, {"new", rules_json(next.ask)}}}}));
  if (const auto on = turned_on(current, next); !on.empty()) {
    for (const auto& colleague : load_administrators(store_, admin.company_id)) {
      changes.mail.push_back(requirement_on_mail(colleague, admin, on, now));
    }
  }
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
