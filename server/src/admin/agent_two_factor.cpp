#include "admin/agent_two_factor.hpp"

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_mail.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/two_factor_removal.hpp"
#include "twofold/otp/backup_codes.hpp"

namespace twofold::server {

agent_two_factor_admin::agent_two_factor_admin(storage& store, const clock& clk, const server_key& key)
    : store_(store), clock_(clk), key_(key) {}

agent_two_factor_admin::target agent_two_factor_admin::target_of(const user& admin, row_id user_id) {
  auto person = load_user(store_, user_id);
  if (!person || person->company_id != admin.company_id) return admin_refusal::person_not_found;
  if (person->id == admin.id) return admin_refusal::own_account;
  if (!store_.find_two_factor(person->id)) return admin_refusal::two_factor_off;
  return *std::move(person);
}

admin_code_outcome agent_two_factor_admin::create_code(const user& admin, row_id user_id, const client_info& client) {
  const timestamp now = clock_.now();
  const auto found = target_of(admin, user_id);
  if (const auto* refused = std::get_if<admin_refusal>(&found)) return *refused;
  const auto& person = std::get<user>(found);
  admin_code_created created{.code = new_backup_code(), .expires_at = now + admin_code_lifetime};
  const auto canonical = otp::normalize_backup_code(created.code).code;
  const bool replaced = store_.find_admin_code(person.id).has_value();
  change_set changes;
  changes.two_factor.admin_codes_put.push_back(
      admin_code_record{.user_id = person.id,
                        .hash = key_.hash_code(server_key::code_purpose::admin_code, person.id, canonical),
                        .created_by = admin.id,
                        .created_at = now,
                        .expires_at = created.expires_at});
  changes.mail.push_back(admin_code_mail(person, created.expires_at, now));
  changes.audit_events.push_back(
      audit_event(audit::admin_code_created, client, now, person.company_id, person.id,
                  {{"by_user_id", admin.id}, {"expires_at", iso8601(created.expires_at)}, {"replaced", replaced}}));
  store_.apply(changes);
  return created;
}

std::vector<admin_code_record> agent_two_factor_admin::codes(const user& admin) {
  return store_.list_admin_codes(admin.company_id, clock_.now());
}

admin_turn_off_outcome agent_two_factor_admin::turn_off(const user& admin, row_id user_id, const client_info& client) {
  const timestamp now = clock_.now();
  const auto found = target_of(admin, user_id);
  if (const auto* refused = std::get_if<admin_refusal>(&found)) return *refused;
  const auto& person = std::get<user>(found);
  const auto method = store_.find_two_factor(person.id);
  change_set changes;
  add_two_factor_removal(changes, person.id);
  changes.mail.push_back(two_factor_off_by_admin_mail(person, now));
  changes.audit_events.push_back(
      audit_event(audit::two_factor_disabled, client, now, person.company_id, person.id,
                  {{"method", method ? method->method : ""}, {"by_user_id", admin.id}}));
  store_.apply(changes);
  return two_factor_removed{};
}

}  // namespace twofold::server
