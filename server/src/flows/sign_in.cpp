#include "flows/sign_in.hpp"

#include "account/audit.hpp"
#include "auth/password_hasher.hpp"
#include "auth/sign_in_throttle.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

std::string_view reason_code(denial_reason reason) {
  switch (reason) {
    case denial_reason::unknown_company: return "unknown_company";
    case denial_reason::unknown_account: return "unknown_account";
    case denial_reason::wrong_password: return "wrong_password";
    case denial_reason::disabled: return "disabled";
  }
  return "unknown";
}

// What the typed company and account lead to, before the password is checked.
struct sign_in_service::candidate {
  std::optional<company_record> company;
  std::optional<user_record> account;
};

namespace {

// Keeps an attempt in flight in the throttle until its outcome is recorded.
class attempt_in_flight {
 public:
  attempt_in_flight(sign_in_throttle& throttle, std::string_view address, std::string_view account_key)
      : throttle_(throttle), address_(address), account_key_(account_key) {}
  ~attempt_in_flight() { throttle_.end_attempt(address_, account_key_); }
  attempt_in_flight(const attempt_in_flight&) = delete;
  attempt_in_flight& operator=(const attempt_in_flight&) = delete;

 private:
  sign_in_throttle& throttle_;
  std::string_view address_;
  std::string_view account_key_;
};

password_check check_password(const password_hasher& hasher, const std::optional<user_record>& account,
                              std::string_view password) {
  if (account) return hasher.verify(account->password_hash, password);
  hasher.verify_nothing(password);
  return password_check::wrong;
}

// The first reason in flow order, so the audit trail names the real cause.
std::optional<denial_reason> denial_for(const std::optional<company_record>& company,
                                        const std::optional<user_record>& account, password_check check) {
  if (!company) return denial_reason::unknown_company;
  if (!account) return denial_reason::unknown_account;
  if (check == password_check::wrong) return denial_reason::wrong_password;
  if (account->disabled) return denial_reason::disabled;
  return std::nullopt;
}

}  // namespace

sign_in_service::sign_in_service(storage& store, const clock& clk, const password_hasher& hasher,
                                 sign_in_throttle& throttle, second_step_service& second_steps,
                                 session_policy sessions)
    : store_(store), clock_(clk), hasher_(hasher), throttle_(throttle), second_steps_(second_steps),
      sessions_(sessions) {}

void sign_in_service::record_event(audit_event_record event) {
  change_set changes;
  changes.audit_events.push_back(std::move(event));
  store_.apply(changes);
}

sign_in_service::candidate sign_in_service::find_candidate(const sign_in_validation& form) {
  candidate found{.company = store_.find_company_by_key(normalize_company_key(form.normalized.company)), .account = {}};
  if (!found.company) return found;
  found.account = form.kind == account_kind::email
                      ? store_.find_user_by_email(found.company->id, form.normalized.account)
                      : store_.find_user_by_username(found.company->id, form.normalized.account);
  return found;
}

sign_in_outcome sign_in_service::sign_in(const sign_in_attempt& attempt) {
  const timestamp now = clock_.now();
  const auto& form = attempt.form;
  const std::string throttle_key =
      sign_in_throttle::account_key(normalize_company_key(form.normalized.company), form.normalized.account);
  const candidate found = find_candidate(form);
  const std::optional<row_id> company_id = found.company ? std::optional(found.company->id) : std::nullopt;
  const std::optional<row_id> user_id = found.account ? std::optional(found.account->id) : std::nullopt;

  if (const auto wait = throttle_.begin_attempt(attempt.client.ip, throttle_key, now); wait.count() > 0) {
    record_event(audit_event(audit::sign_in_throttled, attempt.client, now, company_id, user_id,
                             {{"retry_after", wait.count()}}));
    return sign_in_throttled{.retry_after = wait};
  }
  const attempt_in_flight in_flight(throttle_, attempt.client.ip, throttle_key);

  const password_check check = check_password(hasher_, found.account, form.normalized.password);
  if (const auto reason = denial_for(found.company, found.account, check)) {
    throttle_.record_failure(attempt.client.ip, throttle_key, now);
    record_event(audit_event(audit::sign_in_failed, attempt.client, now, company_id, user_id,
                             {{"reason", reason_code(*reason)}}));
    return sign_in_denied{.reason = *reason, .company_id = company_id, .user_id = user_id};
  }
  throttle_.clear_account(throttle_key);
  return complete(attempt, found, check == password_check::correct_needs_rehash, now);
}

// What a right password changes whatever comes next: the request's previous
// session ends (rotation) and an outdated hash is renewed.
change_set sign_in_service::password_accepted(const sign_in_attempt& attempt, const candidate& found, bool rehash) {
  change_set changes;
  if (attempt.previous_session) changes.sessions.ended.push_back(*attempt.previous_session);
  if (rehash) {
    changes.passwords.hashes.push_back(
        {.user_id = found.account->id, .password_hash = hasher_.hash(attempt.form.normalized.password)});
  }
  return changes;
}

sign_in_outcome sign_in_service::complete(const sign_in_attempt& attempt, const candidate& found, bool rehash,
                                          timestamp now) {
  auto account = to_user(*found.company, *found.account);
  if (const auto locked = lock_of(account, now)) {
    record_event(audit_event(audit::sign_in_locked, attempt.client, now, account.company_id, account.id,
                             {{"remaining", locked->remaining.count()}}));
    return sign_in_locked{.account = std::move(account), .lock = *locked};
  }
  change_set changes = password_accepted(attempt, found, rehash);
  if (const auto method = store_.find_two_factor(account.id)) {
    if (const auto trusted =
            attempt.trusted_browser ? trusted_.recognise(*attempt.trusted_browser, account, now) : std::nullopt) {
      changes.audit_events.push_back(audit_event(audit::second_step_skipped, attempt.client, now, account.company_id,
                                                 account.id, {{"trusted_browser_id", trusted->id}}));
      changes.lockout.resets.push_back(account.id);  // a success, as with a right code
      if (account.must_change_password) return new_password_first(changes, attempt, std::move(account), now);
      auto token = open_session(changes, attempt, account,
                                {{"password_rehashed", rehash}, {"trusted_browser_id", trusted->id}}, now);
      return signed_in{.account = std::move(account),
                       .token = std::move(token),
                       .password_rehashed = rehash,
                       .second_step_skipped = true};
    }
    auto pending = second_steps_.begin(changes, account, parse_method(method->method).value_or(two_factor_method::app),
                                       attempt.client, now);
    store_.apply(changes);
    return second_step_required{.account = std::move(account), .pending = std::move(pending), .password_rehashed = rehash};
  }
  if (account.must_change_password) return new_password_first(changes, attempt, std::move(account), now);
  if (account.company_two_factor.require_two_factor) {
    auto token = open_session(changes, attempt, account,
                              {{"password_rehashed", rehash}, {"two_factor_setup_required", true}}, now);
    return two_factor_setup_required{.account = std::move(account), .token = std::move(token), .password_rehashed = rehash};
  }
  auto token = open_session(changes, attempt, account, {{"password_rehashed", rehash}}, now);
  return signed_in{.account = std::move(account), .token = std::move(token), .password_rehashed = rehash};
}

sign_in_outcome sign_in_service::new_password_first(change_set& changes, const sign_in_attempt& attempt, user account,
                                                    timestamp now) {
  auto pending = begin_new_password_step(changes, account, attempt.client, now);
  store_.apply(changes);
  return password_change_required{.account = std::move(account), .pending = std::move(pending)};
}

session_token sign_in_service::open_session(change_set& changes, const sign_in_attempt& attempt, const user& account,
                                            const nlohmann::json& detail, timestamp now) {
  auto token = new_session_token();
  changes.sessions.purge = expired_sessions{.now = now, .idle_timeout = sessions_.idle_timeout};
  changes.sessions.opened.push_back(new_session_record(token.hash, account.id, attempt.client, sessions_, now));
  changes.audit_events.push_back(
      audit_event(audit::sign_in_succeeded, attempt.client, now, account.company_id, account.id, detail));
  store_.apply(changes);
  return token;
}

}  // namespace twofold::server
