#include "admin/people.hpp"

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

bool is_locked(const user_record& record, timestamp now) {
  const lockout_state state{.failures = record.code_failures, .locked_at = record.locked_at, .locked_until = record.locked_until};
  return status_of(state, now) != lock_status::open;
}

change_set unlock_change(const user_record& target, const client_info& client, timestamp now, nlohmann::json by) {
  change_set changes;
  changes.lockout.resets.push_back(target.id);
  // A sign-in begun before the lock does not go on after it: the password again.
  if (target.locked_at) changes.sign_in_flows.ended_for_users.push_back(target.id);
  by["was_locked"] = target.locked_at.has_value();
  changes.audit_events.push_back(audit_event(audit::account_unlocked, client, now, target.company_id, target.id, by));
  return changes;
}

people_admin::people_admin(storage& store, const clock& clk) : store_(store), clock_(clk) {}

people_page people_admin::list(const user& admin, std::string_view search, std::int64_t page) {
  const std::int64_t offset = (page - 1) * people_page_size;
  auto found = store_.list_users(admin.company_id, search, offset, people_page_size);
  return people_page{.users = std::move(found.users), .total = found.total, .page = page, .as_of = clock_.now()};
}

bool people_admin::unlock(const user& admin, row_id user_id, const client_info& client) {
  const auto target = store_.find_user(user_id);
  if (!target || target->company_id != admin.company_id) return false;
  store_.apply(unlock_change(*target, client, clock_.now(), {{"by_user_id", admin.id}}));
  return true;
}

lock_mode people_admin::lock_setting(const user& admin) {
  const auto company = store_.find_company(admin.company_id);
  if (!company || !company->lock_minutes) return {};
  return lock_mode{.duration = std::chrono::minutes{*company->lock_minutes}};
}

void people_admin::change_lock_setting(const user& admin, const lock_mode& mode, const client_info& client) {
  const std::optional<int> minutes =
      mode.duration ? std::optional(static_cast<int>(mode.duration->count())) : std::nullopt;
  change_set changes;
  changes.lockout.company_settings.push_back({.company_id = admin.company_id, .lock_minutes = minutes});
  changes.audit_events.push_back(
      audit_event(audit::security_settings_changed, client, clock_.now(), admin.company_id, admin.id,
                  {{"lock_mode", minutes ? "timed" : "until_unlocked"},
                   {"lock_minutes", minutes ? nlohmann::json(*minutes) : nlohmann::json()}}));
  store_.apply(changes);
}

}  // namespace twofold::server
