#include "flows/second_step.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_check.hpp"
#include "two_factor/code_mail.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "twofold/otp/resend_countdown.hpp"
#include "twofold/security/lockout.hpp"

namespace twofold::server {

// A pending sign-in with everything needed to check a code against it.
struct second_step_service::pending {
  second_step_record record;
  user account;
  two_factor_record method;
};

namespace {

std::chrono::seconds seconds_until(timestamp end, timestamp now) {
  return std::max(std::chrono::seconds{0}, std::chrono::duration_cast<std::chrono::seconds>(end - now));
}

second_step_view view_of(const second_step_record& record, const user& account, timestamp now) {
  const auto method = parse_method(record.method).value_or(two_factor_method::app);
  second_step_view view{.method = method,
                        .email_hint = {},
                        .resend_in = std::chrono::seconds{0},
                        .expires_in = seconds_until(record.expires_at, now),
                        .attempts_left = attempts_left(account.lockout, now),
                        .remember_days = trust_days_for(account)};
  if (method == two_factor_method::email) {
    view.email_hint = email_hint(account.email);
    view.resend_in = otp::countdown_state{record.last_sent_at}.seconds_left(now);
  }
  return view;
}

std::string_view kind_of(const second_factor_answer& answer) {
  return std::holds_alternative<typed_backup_code>(answer) ? "backup_code" : "code";
}

}  // namespace

std::optional<account_locked> lock_of(const user& account, timestamp now) {
  if (status_of(account.lockout, now) == lock_status::open) return std::nullopt;
  return account_locked{.remaining = lock_remaining(account.lockout, now)};
}

std::string email_hint(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return "***";
  return std::string(email.substr(0, 1)) + "***" + std::string(email.substr(at));
}

second_step_service::second_step_service(storage& store, const clock& clk, const server_key& key,
                                         session_policy sessions)
    : store_(store), clock_(clk), key_(key), sessions_(sessions) {}

second_step_started second_step_service::begin(change_set& changes, const user& account, two_factor_method method,
                                               const client_info& client, timestamp now) {
  second_step_started started{.token = new_session_token(), .view = {}};
  second_step_record record{.token_hash = started.token.hash,
                            .user_id = account.id,
                            .method = std::string(method_name(method)),
                            .email_code = std::nullopt,
                            .last_sent_at = std::nullopt,
                            .created_at = now,
                            .expires_at = now + second_step_lifetime,
                            .ip = client.ip,
                            .user_agent = client.user_agent};
  if (method == two_factor_method::email) {
    const std::string code = new_email_code();
    record.email_code = key_.hash_code(server_key::code_purpose::email_code, account.id, code);
    record.last_sent_at = now;
    changes.mail.push_back(code_mail(code_mail_kind::sign_in, account, code, second_step_lifetime, now));
    changes.audit_events.push_back(
        audit_event(audit::second_step_code_sent, client, now, account.company_id, account.id));
  }
  changes.sign_in_flows.purge_expired = now;
  changes.sign_in_flows.put.push_back(record);
  changes.audit_events.push_back(audit_event(audit::second_step_started, client, now, account.company_id, account.id,
                                             {{"method", method_name(method)}}));
  started.view = view_of(record, account, now);
  return started;
}

std::optional<second_step_service::pending> second_step_service::find(std::string_view cookie_value, timestamp now) {
  const auto token_hash = hash_of_cookie_value(cookie_value);
  if (!token_hash) return std::nullopt;
  auto record = store_.find_second_step(*token_hash);
  if (!record || record->expires_at <= now) return std::nullopt;
  auto account = load_user(store_, record->user_id);
  auto method = store_.find_two_factor(record->user_id);
  // 2FA turned off, or the method changed, since the password: start again.
  if (!account || account->disabled || !method || method->method != record->method) return std::nullopt;
  return pending{.record = *std::move(record), .account = *std::move(account), .method = *std::move(method)};
}

std::optional<second_step_view> second_step_service::view(std::string_view cookie_value) {
  const timestamp now = clock_.now();
  const auto found = find(cookie_value, now);
  if (!found || lock_of(found->account, now)) return std::nullopt;
  return view_of(found->record, found->account, now);
}

// The guard that consumes the answer when it is right; empty when it is wrong.
std::optional<guard> second_step_service::code_guard(const pending& found, const second_factor_answer& answer,
                                                     timestamp now) {
  const row_id user_id = found.account.id;
  if (const auto* backup = std::get_if<typed_backup_code>(&answer)) {
    const auto codes = store_.find_backup_codes(user_id);
    const auto number = codes ? matching_backup_code(key_, *codes, backup->canonical) : std::nullopt;
    if (number) return backup_code_use{.user_id = user_id, .number = *number, .used_at = now};
    // An administrator's one-time code is typed in the same field.
    const auto admin_code = store_.find_admin_code(user_id);
    if (!admin_code_matches(key_, admin_code, backup->canonical, now)) return std::nullopt;
    return admin_code_use{.user_id = user_id, .hash = admin_code->hash, .now = now};
  }
  const auto& digits = std::get<typed_code>(answer).digits;
  if (found.method.method == method_name(two_factor_method::app)) {
    const auto step = matching_totp_step(key_, found.method.sealed_secret, digits, now, found.method.last_totp_step);
    if (!step) return std::nullopt;
    return totp_step_use{.user_id = user_id, .step = *step};
  }
  if (!email_code_matches(key_, user_id, found.record.email_code, digits)) return std::nullopt;
  // The email code is consumed with the pending sign-in itself.
  return second_step_finish{.token_hash = found.record.token_hash};
}

verify_outcome second_step_service::verify(std::string_view cookie_value, const second_factor_answer& answer,
                                           const client_info& client, bool remember) {
  const timestamp now = clock_.now();
  auto found = find(cookie_value, now);
  if (!found) return second_step_gone{};
  if (const auto locked = lock_of(found->account, now)) return refused_while_locked(*found, *locked, client, now);
  if (remember && !trust_days_for(found->account)) return remember_not_allowed{};
  const auto attempt =
      store_.claim_code_attempt({.user_id = found->account.id, .max_failures = max_code_failures, .now = now});
  if (!attempt) return refused_claim(*found, client, now);

  const auto use = code_guard(*found, answer, now);
  if (!use) return reject(*found, *attempt, client, kind_of(answer), now);
  return accept(*found, *use, *attempt, client, kind_of(answer), remember, now);
}

// Attempt number `attempt` was wrong; the last allowed one locks the account.
// Parallel attempts have distinct numbers, so one request alone locks.
verify_outcome second_step_service::reject(const pending& found, int attempt, const client_info& client,
                                           std::string_view kind, timestamp now) {
  const int left = std::max(0, max_code_failures - attempt);
  change_set changes;
  changes.audit_events.push_back(audit_event(audit::second_step_failed, client, now, found.account.company_id,
                                             found.account.id,
                                             {{"method", found.record.method}, {"kind", kind}, {"attempts_left", left}}));
  store_.apply(changes);
  if (left == 0) return lock(found, client, now);
  return code_rejected{.attempts_left = left};
}

// The last allowed code was wrong: lock the account, end this pending
// sign-in, tell the user by mail.
verify_outcome second_step_service::lock(const pending& found, const client_info& client, timestamp now) {
  const auto locked = locked_state(found.account.company_lock, now);
  change_set changes;
  changes.guards.push_back(account_lock{.user_id = found.account.id,
                                        .max_failures = max_code_failures,
                                        .locked_at = now,
                                        .locked_until = locked.locked_until});
  changes.sign_in_flows.ended.push_back(found.record.token_hash);
  changes.mail.push_back(account_locked_mail(found.account, found.account.company_lock, now));
  changes.audit_events.push_back(
      audit_event(audit::account_locked, client, now, found.account.company_id, found.account.id,
                  {{"failures", max_code_failures},
                   {"minutes", found.account.company_lock.duration
                                   ? nlohmann::json(found.account.company_lock.duration->count())
                                   : nlohmann::json()}}));
  if (store_.apply(changes)) return account_locked{.remaining = lock_remaining(locked, now)};
  // A right code in parallel forgot the failures first: no lock.
  const auto account = load_user(store_, found.account.id);
  return code_rejected{.attempts_left = account ? attempts_left(account->lockout, now) : 0};
}

// No attempt was left to claim: the account is locked, or the last allowed
// attempt is being evaluated by a parallel request right now. Either way this
// code is not evaluated, and in a row it would have found the account locked.
verify_outcome second_step_service::refused_claim(const pending& found, const client_info& client, timestamp now) {
  const auto account = load_user(store_, found.account.id);
  const auto locked = account ? lock_of(*account, now) : std::nullopt;
  return refused_while_locked(
      found, locked.value_or(account_locked{.remaining = lock_remaining(locked_state(found.account.company_lock, now), now)}),
      client, now);
}

// A code sent to a locked account is not evaluated, but it is recorded.
verify_outcome second_step_service::refused_while_locked(const pending& found, const account_locked& lock,
                                                         const client_info& client, timestamp now) {
  change_set changes;
  changes.audit_events.push_back(audit_event(audit::second_step_locked, client, now, found.account.company_id,
                                             found.account.id, {{"method", found.record.method}}));
  store_.apply(changes);
  return lock;
}

verify_outcome second_step_service::accept(const pending& found, guard use, int attempt, const client_info& client,
                                           std::string_view typed_kind, bool remember, timestamp now) {
  const bool admin_code = std::holds_alternative<admin_code_use>(use);
  const std::string_view kind = admin_code ? "admin_code" : typed_kind;
  second_step_signed_in done{.account = found.account,
                             .token = new_session_token(),
                             .backup_code_used = std::holds_alternative<backup_code_use>(use),
                             .trusted_browser = std::nullopt};
  change_set changes;
  changes.guards.push_back(use);
  if (!std::holds_alternative<second_step_finish>(use)) {
    changes.guards.push_back(second_step_finish{.token_hash = found.record.token_hash});
  }
  changes.lockout.resets.push_back(found.account.id);  // a success forgets the wrong codes before it
  changes.audit_events.push_back(audit_event(audit::second_step_succeeded, client, now, found.account.company_id,
                                             found.account.id, {{"method", found.record.method}, {"kind", kind}}));
  if (admin_code) {
    changes.audit_events.push_back(
        audit_event(audit::admin_code_used, client, now, found.account.company_id, found.account.id));
  }
  if (found.account.must_change_password) {
    auto step = begin_new_password_step(changes, found.account, client, now);
    if (store_.apply(changes)) return password_change_required{.account = found.account, .pending = std::move(step)};
    return reject(found, attempt, client, kind, now);
  }
  changes.sessions.purge = expired_sessions{.now = now, .idle_timeout = sessions_.idle_timeout};
  changes.sessions.opened.push_back(new_session_record(done.token.hash, found.account.id, client, sessions_, now));
  // An administrator's code is for one sign-in: it never makes the browser trusted.
  if (remember && !admin_code) {
    done.trusted_browser = trusted_.trust(changes, found.account, client, now);
    if (done.trusted_browser) {
      changes.audit_events.push_back(
          audit_event(audit::trusted_browser_added, client, now, found.account.company_id, found.account.id,
                      {{"days", std::chrono::duration_cast<std::chrono::days>(done.trusted_browser->lifetime).count()}}));
    }
  }
  if (store_.apply(changes)) return done;
  // Another request used the code (or finished this sign-in) first.
  return reject(found, attempt, client, kind, now);
}

resend_outcome second_step_service::resend(std::string_view cookie_value, const client_info& client) {
  const timestamp now = clock_.now();
  auto found = find(cookie_value, now);
  if (!found) return second_step_gone{};
  if (lock_of(found->account, now)) return second_step_gone{};
  if (found->record.method != method_name(two_factor_method::email)) return not_email_method{};
  const otp::countdown_state countdown{found->record.last_sent_at};
  if (!countdown.can_resend(now)) return resend_too_soon{.wait = countdown.seconds_left(now)};

  const std::string code = new_email_code();
  const auto hash = key_.hash_code(server_key::code_purpose::email_code, found->account.id, code);
  // A resend does not extend the pending sign-in (nor its cookie): the new
  // code lives as long as the sign-in has left.
  const auto valid_for = seconds_until(found->record.expires_at, now);
  change_set changes;
  changes.guards.push_back(second_step_resend{.token_hash = found->record.token_hash,
                                              .previous_sent_at = found->record.last_sent_at,
                                              .email_code = hash,
                                              .now = now,
                                              .expires_at = found->record.expires_at});
  changes.mail.push_back(code_mail(code_mail_kind::sign_in, found->account, code, valid_for, now));
  changes.audit_events.push_back(audit_event(audit::second_step_code_sent, client, now, found->account.company_id,
                                             found->account.id, {{"resend", true}}));
  if (!store_.apply(changes)) {
    return resend_too_soon{.wait = otp::countdown_state{now}.seconds_left(now)};  // a parallel resend won
  }
  found->record.email_code = hash;
  found->record.last_sent_at = now;
  return view_of(found->record, found->account, now);
}

void second_step_service::cancel(std::string_view cookie_value, const client_info& client) {
  const timestamp now = clock_.now();
  const auto found = find(cookie_value, now);
  if (!found) return;
  change_set changes;
  changes.sign_in_flows.ended.push_back(found->record.token_hash);
  changes.audit_events.push_back(
      audit_event(audit::second_step_cancelled, client, now, found->account.company_id, found->account.id));
  store_.apply(changes);
}

}  // namespace twofold::server
