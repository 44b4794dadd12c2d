#include "admin/agent_accounts.hpp"

#include "account/audit.hpp"
#include "account/new_user_record.hpp"
#include "auth/new_password_check.hpp"
#include "auth/password_change.hpp"
#include "auth/password_delivery.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

// The same error as when an edit takes a used email (admin/agent_changes).
field_error taken(std::string_view field) {
  return {.field = std::string(field), .code = "taken", .message_key = "validation.taken"};
}

field_errors taken_fields(storage& store, row_id company_id, const account_form& form) {
  field_errors errors;
  if (store.find_user_by_username(company_id, form.username)) errors.push_back(taken("username"));
  if (store.find_user_by_email(company_id, form.email)) errors.push_back(taken("email"));
  return errors;
}

// The temporary password's refusal for the account `context` describes; none for a link.
field_errors temporary_password_errors(const password_choice& password, const password_context& context,
                                       const password_blocklist& blocklist) {
  if (!password.temporary_password) return {};
  return check_new_password(*password.temporary_password, "temporary_password", context, blocklist);
}

}  // namespace

agent_accounts::agent_accounts(storage& store, const clock& clk, const password_hasher& hasher,
                               const public_links& links, const password_blocklist& blocklist)
    : store_(store), clock_(clk), hasher_(hasher), links_(links), blocklist_(blocklist) {}

create_outcome agent_accounts::create(const user& admin, const account_form& form, const password_choice& password,
                                      const client_info& client) {
  const timestamp now = clock_.now();
  const auto company = store_.find_company(admin.company_id);
  // A signed-in admin's company exists: its absence is a broken database.
  if (!company) throw storage_failure("the administrator's company is gone");
  if (auto errors = taken_fields(store_, admin.company_id, form); !errors.empty()) return errors;
  const password_context context{.username = form.username, .email = form.email, .company_name = company->name};
  if (auto errors = temporary_password_errors(password, context, blocklist_); !errors.empty()) return errors;
  user_record record =
      new_user_record(admin.company_id,
                      {.username = form.username,
                       .email = form.email,
                       .display_name = form.display_name,
                       .role = form.role,
                       .language = form.language.empty() ? std::nullopt : std::optional(form.language),
                       .password_hash = password_hash_for(hasher_, password),
                       .must_change_password = password.temporary_password.has_value()},
                      now);
  std::optional<user> created;
  const auto id = store_.create_user(record, [&](row_id new_id) {
    record.id = new_id;
    created = to_user(*company, record);
    change_set changes;
    deliver_password(changes, *created, password, new_account_mails, links_, client, now);
    changes.audit_events.push_back(audit_event(audit::user_created, client, now, admin.company_id, new_id,
                                               {{"by_user_id", admin.id},
                                                {"role", form.role},
                                                {"password", delivery_method(password)}}));
    return changes;
  });
  // Taken between the check and the insert by a parallel request.
  if (!id) return taken_fields(store_, admin.company_id, form);
  return account_created{.account = *created};
}

admin_reset_outcome agent_accounts::reset_password(const user& admin, row_id user_id, const password_choice& password,
                                                   const client_info& client) {
  const timestamp now = clock_.now();
  const auto target = load_user(store_, user_id);
  if (!target || target->company_id != admin.company_id) return user_not_found{};
  if (target->id == admin.id) return own_account{};
  if (auto errors = temporary_password_errors(password, context_of(*target), blocklist_); !errors.empty()) return errors;
  change_set changes =
      password_changed(target->id, password_hash_for(hasher_, password), password.temporary_password.has_value());
  deliver_password(changes, *target, password, reset_mails, links_, client, now);
  changes.audit_events.push_back(audit_event(audit::password_reset_by_admin, client, now, admin.company_id, target->id,
                                             {{"by_user_id", admin.id}, {"password", delivery_method(password)}}));
  store_.apply(changes);
  return password_reset_by_admin{};
}

}  // namespace twofold::server
