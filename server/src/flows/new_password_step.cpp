#include "flows/new_password_step.hpp"

#include "account/audit.hpp"
#include "auth/password_change.hpp"
#include "auth/password_hasher.hpp"
#include "auth/password_mail.hpp"
#include "auth/password_token.hpp"
#include "auth/public_links.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "twofold/validation/account_form.hpp"

namespace twofold::server {

namespace {

struct step_in_progress {
  password_token_record record;
  user account;
};

std::optional<step_in_progress> find_step(storage& store, std::string_view cookie_value, timestamp now) {
  const auto hash = hash_of_cookie_value(cookie_value);
  if (!hash) return std::nullopt;
  auto record = store.find_password_token(*hash);
  if (!record || !same_token_hash(record->token_hash, *hash) ||
      record->purpose != purpose_name(password_token_purpose::sign_in) || record->expires_at <= now) {
    return std::nullopt;
  }
  auto account = load_user(store, record->user_id);
  if (!account || account->disabled || !account->must_change_password) return std::nullopt;
  return step_in_progress{.record = *std::move(record), .account = *std::move(account)};
}

}  // namespace

password_change_started begin_new_password_step(change_set& changes, const user& account, const client_info& client,
                                                timestamp now) {
  password_change_started started{.token = new_session_token(), .expires_in = new_password_step_lifetime};
  changes.passwords.tokens_put.push_back(new_password_token_record(
      started.token.hash, account.id, password_token_purpose::sign_in, client, now, new_password_step_lifetime));
  changes.audit_events.push_back(
      audit_event(audit::password_change_required, client, now, account.company_id, account.id));
  return started;
}

new_password_step_service::new_password_step_service(storage& store, const clock& clk, const password_hasher& hasher,
                                                     const public_links& links, session_policy sessions)
    : store_(store), clock_(clk), hasher_(hasher), links_(links), sessions_(sessions) {}

std::optional<std::chrono::seconds> new_password_step_service::view(std::string_view cookie_value) {
  const timestamp now = clock_.now();
  const auto found = find_step(store_, cookie_value, now);
  if (!found) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(found->record.expires_at - now);
}

new_password_outcome new_password_step_service::finish(std::string_view cookie_value, std::string_view new_password,
                                                       const client_info& client) {
  const timestamp now = clock_.now();
  const auto found = find_step(store_, cookie_value, now);
  if (!found) return new_password_step_gone{};
  if (auto errors = validate_new_password(new_password); !errors.empty()) return errors;
  const auto record = store_.find_user(found->account.id);
  if (!record) return new_password_step_gone{};
  if (hasher_.verify(record->password_hash, new_password) != password_check::wrong) {
    return field_errors{{.field = "password", .code = "same_password", .message_key = "validation.same_password"}};
  }

  new_password_signed_in done{.account = found->account, .token = new_session_token()};
  done.account.must_change_password = false;
  change_set changes = password_changed(found->account.id, hasher_.hash(new_password), false);
  changes.guards.push_back(password_token_use{.token_hash = found->record.token_hash,
                                              .purpose = found->record.purpose,
                                              .now = now});
  changes.sessions.purge = expired_sessions{.now = now, .idle_timeout = sessions_.idle_timeout};
  changes.sessions.opened.push_back(new_session_record(done.token.hash, found->account.id, client, sessions_, now));
  changes.mail.push_back(password_mail(password_mail_kind::changed, found->account, links_.sign_in_link(),
                                                  std::chrono::seconds{0}, now));
  changes.audit_events.push_back(audit_event(audit::password_changed, client, now, found->account.company_id,
                                             found->account.id, {{"via", "temporary_password"}}));
  changes.audit_events.push_back(audit_event(audit::sign_in_succeeded, client, now, found->account.company_id,
                                             found->account.id, {{"after", "new_password"}}));
  if (!store_.apply(changes)) return new_password_step_gone{};  // a parallel request finished it
  return done;
}

}  // namespace twofold::server
