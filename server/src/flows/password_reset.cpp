#include "flows/password_reset.hpp"

#include "account/audit.hpp"
#include "auth/password_change.hpp"
#include "auth/password_hasher.hpp"
#include "auth/password_mail.hpp"
#include "auth/password_token.hpp"
#include "auth/public_links.hpp"
#include "auth/session_token.hpp"
#include "auth/sign_in_throttle.hpp"
#include "account/user.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "twofold/validation/account_form.hpp"

namespace twofold::server {

namespace {

// No company has id 0, so an unknown company still costs one user lookup.
constexpr row_id no_company = 0;

}  // namespace

password_reset_service::password_reset_service(storage& store, const clock& clk, const password_hasher& hasher,
                                               sign_in_throttle& throttle, const public_links& links)
    : store_(store), clock_(clk), hasher_(hasher), throttle_(throttle), links_(links) {}

forgot_outcome password_reset_service::request(const forgot_request& form, const client_info& client) {
  const timestamp now = clock_.now();
  const std::string key = sign_in_throttle::account_key(normalize_company_key(form.company), form.account);
  if (const auto wait = throttle_.begin_attempt(client.ip, key, now); wait.count() > 0) {
    change_set changes;
    changes.audit_events.push_back(audit_event(audit::password_reset_throttled, client, now, std::nullopt,
                                               std::nullopt, {{"retry_after", wait.count()}}));
    store_.apply(changes);
    return reset_throttled{.retry_after = wait};
  }
  // Every request counts, found or not: the limit must not tell them apart.
  throttle_.record_failure(client.ip, key, now);
  throttle_.end_attempt(client.ip, key);

  const auto company = store_.find_company_by_key(normalize_company_key(form.company));
  const row_id company_id = company ? company->id : no_company;
  const auto record = form.kind == account_kind::email ? store_.find_user_by_email(company_id, form.account)
                                                       : store_.find_user_by_username(company_id, form.account);
  // The token and the mail are made either way; only an existing, enabled
  // account gets them written.
  const session_token token = new_session_token();
  const bool found = company && record && !record->disabled;
  change_set changes;
  if (found) {
    const user account = to_user(*company, *record);
    changes.passwords.tokens_ended_for.push_back(account.id);  // a newer link replaces the older ones
    changes.passwords.tokens_put.push_back(new_password_token_record(
        token.hash, account.id, password_token_purpose::reset, client, now, forgot_password_link_lifetime));
    changes.mail.push_back(password_mail(password_mail_kind::forgot_link, account,
                                                    links_.reset_link(token.cookie_value),
                                                    forgot_password_link_lifetime, now));
  }
  changes.audit_events.push_back(audit_event(
      audit::password_reset_requested, client, now, company ? std::optional(company->id) : std::nullopt,
      record ? std::optional(record->id) : std::nullopt, {{"sent", found}}));
  store_.apply(changes);
  return reset_requested{};
}

reset_outcome password_reset_service::reset(std::string_view token, std::string_view new_password,
                                            const client_info& client) {
  const timestamp now = clock_.now();
  auto errors = validate_new_password(new_password);
  if (!errors.empty()) return errors;
  const auto hash = hash_of_cookie_value(token);
  const auto record = hash ? store_.find_password_token(*hash) : std::nullopt;
  if (!record || !same_token_hash(record->token_hash, *hash) ||
      record->purpose != purpose_name(password_token_purpose::reset) || record->expires_at <= now) {
    return reset_link_invalid{};
  }
  const auto account = load_user(store_, record->user_id);
  if (!account || account->disabled) return reset_link_invalid{};

  change_set changes = password_changed(account->id, hasher_.hash(new_password), false);
  changes.guards.push_back(password_token_use{.token_hash = record->token_hash,
                                              .purpose = record->purpose,
                                              .now = now});
  changes.mail.push_back(
      password_mail(password_mail_kind::changed, *account, links_.sign_in_link(), std::chrono::seconds{0}, now));
  changes.audit_events.push_back(audit_event(audit::password_changed, client, now, account->company_id, account->id,
                                             {{"via", "reset_link"}}));
  if (!store_.apply(changes)) return reset_link_invalid{};  // another request used the link first
  return password_reset_done{.user_id = account->id};
}

}  // namespace twofold::server
