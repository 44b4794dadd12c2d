#include "flows/sign_in_steps.hpp"

#include "account/audit.hpp"
#include "account/security_notice.hpp"
#include "auth/password_change.hpp"
#include "auth/password_mail.hpp"
#include "sso/sso_failure.hpp"
#include "sso/sso_mail.hpp"
#include "two_factor/code_mail.hpp"
#include "two_factor/code_send_limit.hpp"
#include "two_factor/sent_code.hpp"
#include "twofold/otp/resend_countdown.hpp"
#include "twofold/phone/phone_number.hpp"

namespace twofold::server {

namespace {

audit_event_record event(std::string_view name, const user& account, const client_info& client, timestamp now,
                         const nlohmann::json& detail = nlohmann::json::object()) {
  return audit_event(name, client, now, account.company_id, account.id, detail);
}

// What a sign-in carries from its start to its session.
struct carried {
  std::optional<i18n::language> language;    // chosen at the sign-in page
  std::optional<external_account> external;  // single sign-on: to link
};

carried carried_by(const sign_in_flow& flow) { return {.language = flow.language, .external = flow.external}; }

sign_in_flow new_flow(sign_in_state state, const user& account, const sign_in_secrets& secrets,
                      const client_info& client, const carried& along, timestamp now) {
  return sign_in_flow{.id = secrets.flow.hash,
                      .state = state,
                      .user_id = account.id,
                      .company_id = account.company_id,
                      .method = two_factor_method::app,
                      .sent_code = std::nullopt,
                      .last_sent_at = std::nullopt,
                      .created_at = now,
                      .expires_at = now + sign_in_flow_lifetime,
                      .started_by = client,
                      .language = along.language,
                      .external = along.external};
}

// `phone`: sms, where the code went.
flow_waiting waiting(const user& account, sign_in_flow flow, const std::optional<std::string>& phone,
                     std::optional<session_token> cookie, timestamp now, bool rehashed = false) {
  auto view = view_of(flow, account, phone, now);
  return flow_waiting{
      .account = account, .flow = std::move(flow), .view = view, .cookie = std::move(cookie), .password_rehashed = rehashed};
}

// A temporary password: a new one is chosen before any session.
sign_in_step new_password_first(change_set changes, const user& account, const client_info& client,
                                const carried& along, const sign_in_secrets& secrets, timestamp now, bool rehashed) {
  const auto flow = new_flow(sign_in_state::new_password, account, secrets, client, along, now);
  changes.sign_in_flows.put.push_back(to_record(flow));
  changes.audit_events.push_back(event(audit::password_change_required, account, client, now));
  return {.outcome = waiting(account, flow, std::nullopt, secrets.flow, now, rehashed), .changes = std::move(changes)};
}

}  // namespace

void link_external_account(change_set& changes, const user& account, const external_account& external, const client_info& client,
          timestamp now) {
  changes.guards.push_back(identity_free{.issuer = external.issuer, .subject = external.subject});
  changes.sso.linked.push_back(sso_identity_record{.user_id = account.id,
                                                   .provider = external.provider,
                                                   .issuer = external.issuer,
                                                   .subject = external.subject,
                                                   .email = external.email,
                                                   .name = external.name,
                                                   .linked_at = now});
  changes.mail.push_back(sso_mail(sso_mail_kind::linked, account, external.provider_name,
                                  external.email.empty() ? external.name : external.email, now));
  changes.audit_events.push_back(event(audit::sso_linked, account, client, now, {{"provider", external.provider}}));
}

namespace {

// The device and place become known to the account (their first and last
// sightings); what is new is audited and, once the account has a history,
// told to the person.
void record_origin(change_set& changes, const user& account, const origin_facts& facts, timestamp now) {
  const auto& origin = facts.origin;
  const auto& client = origin.client;
  if (client.device) {
    changes.origins.seen.push_back(origin_seen{.user_id = account.id,
                                               .device_hash = *client.device,
                                               .device = to_record(origin.device),
                                               .place = to_record(origin.location),
                                               .ip = client.ip,
                                               .now = now});
  }
  const bool new_device = facts.new_device();
  const bool new_location = facts.new_location();
  if (new_device) changes.audit_events.push_back(event(audit::device_new, account, client, now, {{"browser", origin.device.browser}, {"os", origin.device.os}}));
  if (new_location) {
    changes.audit_events.push_back(event(audit::location_new, account, client, now, {{"place", place_key(origin.location)}}));
  }
  const auto notice = novelty_notice(new_device, new_location);
  if (notice && facts.account_has_history()) {
    changes.mail.push_back(security_notice(*notice, account, origin, facts.security_link, now));
  }
}

// A session for `account` in `changes`, opened from `origin`, speaking the
// language chosen at the sign-in page, and linking the external account the
// sign-in brought.
signed_in open_session(change_set& changes, const user& account, const origin_facts& origin, const carried& along,
                       const sign_in_secrets& secrets, const session_policy& sessions, timestamp now) {
  const auto& client = origin.origin.client;
  auto session = new_session_record(secrets.session.hash, account.id, client, sessions, now, along.language);
  session.place_key = place_key(origin.origin.location);
  changes.sessions.opened.push_back(std::move(session));
  record_origin(changes, account, origin, now);
  if (along.external) link_external_account(changes, account, *along.external, client, now);
  auto speaking = account;
  if (along.language) speaking.language = *along.language;
  return signed_in{.account = std::move(speaking),
                   .session = secrets.session,
                   .setup_required = false,
                   .password_rehashed = false,
                   .second_step_skipped = false,
                   .trusted_browser = std::nullopt};
}

// The first reason in flow order, so the audit trail names the real cause.
std::optional<denial_reason> denial_for(const password_facts& facts) {
  if (!facts.company_id) return denial_reason::unknown_company;
  if (!facts.account) return denial_reason::unknown_account;
  if (facts.check == password_check::wrong) return denial_reason::wrong_password;
  if (facts.account->disabled) return denial_reason::disabled;
  return std::nullopt;
}

// second_step.code_sent's detail: the method, and an SMS's number masked.
nlohmann::json sent_detail(two_factor_method method, const std::optional<std::string>& phone) {
  nlohmann::json detail = {{"method", method_name(method)}};
  if (method == two_factor_method::sms && phone) detail["phone"] = twofold::phone::mask_phone(*phone);
  return detail;
}

// The second factor: a flow waiting for the code (and, for email and SMS, the code sent).
sign_in_step ask_second_factor(change_set changes, const user& account, two_factor_method method,
                               const std::optional<std::string>& phone, const client_info& client,
                               const carried& along, const sign_in_secrets& secrets, timestamp now, bool rehashed) {
  auto flow = new_flow(sign_in_state::second_factor, account, secrets, client, along, now);
  flow.method = method;
  if (sends_codes(method)) {
    flow.sent_code = secrets.sent_code_hash;
    flow.last_sent_at = now;
    if (send_code(changes, {.method = method, .phone = phone}, sent_code_kind::sign_in, account, secrets.sent_code,
                  sign_in_flow_lifetime, now)) {
      changes.audit_events.push_back(event(audit::second_step_code_sent, account, client, now, sent_detail(method, phone)));
    }
  }
  changes.sign_in_flows.purge_expired = now;
  changes.sign_in_flows.put.push_back(to_record(flow));
  changes.audit_events.push_back(event(audit::second_step_started, account, client, now, {{"method", method_name(method)}}));
  return {.outcome = waiting(account, std::move(flow), phone, secrets.flow, now, rehashed), .changes = std::move(changes)};
}

}  // namespace

// ── The password ────────────────────────────────────────────────────────────

sign_in_step password_throttled(const password_attempt& attempt, const password_facts& facts,
                                std::chrono::seconds wait, const std::optional<std::string>& opened_window,
                                timestamp now) {
  change_set changes;
  if (opened_window) {
    changes.audit_events.push_back(throttled_event(audit::sign_in_throttled, attempt.client, now, facts.company_id,
                                                   facts.user_id, wait, *opened_window));
  }
  return {.outcome = sign_in_throttled{.retry_after = wait}, .changes = std::move(changes)};
}

bool second_factor_needed(const user& account, const std::optional<two_factor_method>& method,
                          const origin_facts& origin, bool trusted_browser) {
  return method && second_factor_asked(account.company_two_factor.ask,
                                       {.new_device = origin.new_device(),
                                        .new_location = origin.new_location(),
                                        .trusted_browser = trusted_browser});
}

sign_in_step refuse_blocked_origin(const user& account, const origin_facts& origin, blocked_origin blocked,
                                   timestamp now) {
  const auto& client = origin.origin.client;
  const bool device = blocked == blocked_origin::device;
  change_set changes;
  changes.audit_events.push_back(event(audit::sign_in_blocked, account, client, now, {{"blocked", blocked_origin_name(blocked)}}));
  changes.mail.push_back(security_notice(device ? security_notice_kind::blocked_device : security_notice_kind::blocked_location,
                                         account, origin.origin, origin.security_link, now));
  return sign_in_step{
      .outcome = sign_in_denied{.reason = device ? denial_reason::blocked_device : denial_reason::blocked_location},
      .changes = std::move(changes)};
}

sign_in_step submit_password(const password_attempt& attempt, const password_facts& facts,
                             const sign_in_secrets& secrets, const session_policy& sessions, timestamp now) {
  const auto& client = attempt.client;
  change_set changes;
  if (const auto reason = denial_for(facts)) {
    changes.audit_events.push_back(audit_event(audit::sign_in_failed, client, now, facts.company_id, facts.user_id,
                                               {{"reason", reason_code(*reason)}}));
    return {.outcome = sign_in_denied{.reason = *reason}, .changes = std::move(changes)};
  }
  const user& account = *facts.account;
  // The right password for a locked account changes nothing and answers as a
  // wrong one; the person heard of the lock by mail, administrators see it.
  if (const auto locked = lock_of(account, now)) {
    changes.audit_events.push_back(event(audit::sign_in_locked, account, client, now, {{"remaining", locked->remaining.count()}}));
    return {.outcome = sign_in_denied{.reason = denial_reason::locked}, .changes = std::move(changes)};
  }
  // A thief on a blocked device learns nothing either.
  if (const auto blocked = blocked_by(facts.origin.known)) return refuse_blocked_origin(account, facts.origin, *blocked, now);
  // Whatever comes next, a right password ends the bind it answered.
  if (attempt.bind_flow) changes.sign_in_flows.ended.push_back(*attempt.bind_flow);
  // And the request's session (rotation), and it renews an outdated hash.
  if (attempt.previous_session) changes.sessions.ended.push_back(*attempt.previous_session);
  const bool rehashed = facts.rehashed.has_value();
  if (rehashed) changes.passwords.hashes.push_back({.user_id = account.id, .password_hash = *facts.rehashed});
  return after_first_factor(std::move(changes), account,
                            first_factor{.client = client,
                                         .language = attempt.language,
                                         .external = attempt.external,
                                         .phone = facts.phone,
                                         .method = facts.method,
                                         .second_factor_needed = second_factor_needed(
                                             account, facts.method, facts.origin, facts.trusted_browser.has_value()),
                                         .by_password = true,
                                         .trusted_browser = facts.trusted_browser,
                                         .rehashed = rehashed,
                                         .provider = {},
                                         .origin = facts.origin,
                                         .code_sends = facts.code_sends},
                            secrets, sessions, now);
}

sign_in_step after_first_factor(change_set changes, const user& account, const first_factor& proof,
                                const sign_in_secrets& secrets, const session_policy& sessions, timestamp now) {
  const carried along{.language = proof.language, .external = proof.external};
  const auto& client = proof.client;
  if (proof.second_factor_needed) {
    if (proof.code_sends) {
      if (const auto wait = code_send_wait(*proof.code_sends, now); wait.count() > 0) {
        return {.outcome = sign_in_throttled{.retry_after = wait}, .changes = {}};
      }
      changes.guards.push_back(count_code_send(account.id, now));
    }
    return ask_second_factor(std::move(changes), account, *proof.method, proof.phone, client, along, secrets, now,
                             proof.rehashed);
  }
  nlohmann::json detail = proof.by_password ? nlohmann::json{{"password_rehashed", proof.rehashed}}
                                            : nlohmann::json{{"via", "sso"}, {"provider", proof.provider}};
  if (proof.trusted_browser) {
    changes.audit_events.push_back(
        event(audit::second_step_skipped, account, client, now, {{"trusted_browser_id", *proof.trusted_browser}}));
    changes.lockout.resets.push_back(account.id);  // a success, as with a right code
    detail["trusted_browser_id"] = *proof.trusted_browser;
  }
  // A temporary password asks for a new one when it is typed; single sign-on did not type it.
  if (account.must_change_password && proof.by_password) {
    return new_password_first(std::move(changes), account, client, along, secrets, now, proof.rehashed);
  }
  auto done = open_session(changes, account, proof.origin, along, secrets, sessions, now);
  done.password_rehashed = proof.rehashed;
  done.second_step_skipped = proof.trusted_browser.has_value();
  done.setup_required = !proof.method && account.company_two_factor.require_two_factor;
  if (done.setup_required) detail["two_factor_setup_required"] = true;
  changes.audit_events.push_back(event(audit::sign_in_succeeded, account, client, now, detail));
  return {.outcome = std::move(done), .changes = std::move(changes)};
}

// ── The second factor ───────────────────────────────────────────────────────

sign_in_step refuse_while_locked(const sign_in_flow& flow, const user& account, const code_submission& code,
                                 account_locked lock, timestamp now) {
  change_set changes;
  changes.audit_events.push_back(
      event(audit::second_step_locked, account, code.client, now, {{"method", method_name(flow.method)}}));
  return {.outcome = lock, .changes = std::move(changes)};
}

std::optional<sign_in_step> precheck_code(const sign_in_flow& flow, const user& account, const code_submission& code,
                                          timestamp now) {
  if (const auto locked = lock_of(account, now)) return refuse_while_locked(flow, account, code, *locked, now);
  if (code.remember && !trust_days_for(account)) return sign_in_step{.outcome = remember_not_allowed{}, .changes = {}};
  return std::nullopt;
}

sign_in_step refuse_unclaimed(const sign_in_flow& flow, const user& account, const std::optional<user>& account_now,
                              const code_submission& code, timestamp now) {
  const auto lock = account_now ? lock_of(*account_now, now) : std::nullopt;
  const account_locked refusal =
      lock.value_or(account_locked{.remaining = lock_remaining(locked_state(account.company_lock, now), now)});
  return refuse_while_locked(flow, account, code, refusal, now);
}

wrong_code_steps reject_code(const sign_in_flow& flow, const user& account, const code_submission& code, int attempt,
                             const origin_facts& origin, timestamp now) {
  change_set changes;
  const auto verdict = verdict_for_wrong_code(attempt);
  changes.audit_events.push_back(event(
      audit::second_step_failed, account, code.client, now,
      {{"method", method_name(flow.method)}, {"kind", code.kind}, {"attempts_left", verdict.attempts_left}}));
  // The first wrong code of a row: someone may know the password. Once a
  // row, so a guesser cannot flood the person's inbox.
  if (attempt == 1) {
    changes.mail.push_back(
        security_notice(security_notice_kind::password_known, account, origin.origin, origin.security_link, now));
    changes.audit_events.push_back(event(audit::password_known_notice, account, code.client, now));
  }
  const code_rejected outcome{.attempts_left = verdict.attempts_left, .warn = verdict.warn};
  auto lock = verdict.locks ? std::optional(lock_account(flow, account, code, now)) : std::nullopt;
  return {.rejected = {.outcome = outcome, .changes = std::move(changes)}, .lock = std::move(lock)};
}

sign_in_step submit_code(const sign_in_flow& flow, const user& account, const code_submission& code, int attempt,
                         const std::optional<guard>& use, const origin_facts& origin, const sign_in_secrets& secrets,
                         const session_policy& sessions, timestamp now) {
  if (!use) return reject_code(flow, account, code, attempt, origin, now).rejected;
  change_set changes;
  const bool admin_code = std::holds_alternative<admin_code_use>(*use);
  changes.guards.push_back(*use);
  // A sent code is consumed with the flow itself.
  if (!std::holds_alternative<sign_in_flow_finish>(*use)) changes.guards.push_back(sign_in_flow_finish{.token_hash = flow.id});
  changes.lockout.resets.push_back(account.id);  // a success forgets the wrong codes before it
  changes.audit_events.push_back(event(audit::second_step_succeeded, account, code.client, now,
                                       {{"method", method_name(flow.method)},
                                        {"kind", admin_code ? std::string_view("admin_code") : code.kind}}));
  if (admin_code) changes.audit_events.push_back(event(audit::admin_code_used, account, code.client, now));
  if (account.must_change_password) {
    return new_password_first(std::move(changes), account, code.client, carried_by(flow), secrets, now, false);
  }
  auto done = open_session(changes, account, origin, carried_by(flow), secrets, sessions, now);
  // An administrator's code is for one sign-in: it never makes the browser trusted.
  if (code.remember && !admin_code) {
    done.trusted_browser = grant_trust(changes, account, code.client, secrets.trusted_browser, now);
    if (done.trusted_browser) {
      changes.audit_events.push_back(event(
          audit::trusted_browser_added, account, code.client, now,
          {{"days", std::chrono::duration_cast<std::chrono::days>(done.trusted_browser->lifetime).count()}}));
    }
  }
  return {.outcome = std::move(done), .changes = std::move(changes)};
}

sign_in_step lock_account(const sign_in_flow& flow, const user& account, const code_submission& code, timestamp now) {
  const auto locked = locked_state(account.company_lock, now);
  change_set changes;
  changes.guards.push_back(account_lock{.user_id = account.id,
                                        .max_failures = max_code_failures,
                                        .locked_at = now,
                                        .locked_until = locked.locked_until});
  changes.sign_in_flows.ended.push_back(flow.id);
  changes.mail.push_back(account_locked_mail(account, account.company_lock, now));
  const auto& duration = account.company_lock.duration;
  changes.audit_events.push_back(
      event(audit::account_locked, account, code.client, now,
            {{"failures", max_code_failures},
             {"minutes", duration ? nlohmann::json(duration->count()) : nlohmann::json()}}));
  return {.outcome = account_locked{.remaining = lock_remaining(locked, now)}, .changes = std::move(changes)};
}

sign_in_outcome lock_not_taken(const std::optional<user>& account_now, timestamp now) {
  return code_rejected{.attempts_left = account_now ? attempts_left(account_now->lockout, now) : 0, .warn = false};
}

// ── Resend and cancel ───────────────────────────────────────────────────────

sign_in_step resend_code(const sign_in_flow& flow, const user& account, const std::optional<std::string>& phone,
                         const client_info& client, const sign_in_secrets& secrets,
                         const code_send_history_record& code_sends, timestamp now) {
  if (!sends_codes(flow.method)) return {.outcome = nothing_to_resend{}, .changes = {}};
  const otp::countdown_state countdown{flow.last_sent_at};
  if (!countdown.can_resend(now)) return {.outcome = resend_too_soon{.wait = countdown.seconds_left(now)}, .changes = {}};
  if (const auto wait = code_send_wait(code_sends, now); wait.count() > 0) {
    return {.outcome = resend_too_soon{.wait = wait}, .changes = {}};
  }
  // A resend does not extend the flow (nor its cookie): the new code lives
  // as long as the flow has left.
  change_set changes;
  changes.guards.push_back(count_code_send(account.id, now));
  changes.guards.push_back(sign_in_flow_resend{.token_hash = flow.id,
                                               .previous_sent_at = flow.last_sent_at,
                                               .sent_code = secrets.sent_code_hash,
                                               .now = now,
                                               .expires_at = flow.expires_at});
  if (send_code(changes, {.method = flow.method, .phone = phone}, sent_code_kind::sign_in, account, secrets.sent_code,
                seconds_until(flow.expires_at, now), now)) {
    auto detail = sent_detail(flow.method, phone);
    detail["resend"] = true;
    changes.audit_events.push_back(event(audit::second_step_code_sent, account, client, now, detail));
  }
  auto resent = flow;
  resent.sent_code = secrets.sent_code_hash;
  resent.last_sent_at = now;
  return {.outcome = waiting(account, std::move(resent), phone, std::nullopt, now), .changes = std::move(changes)};
}

sign_in_step cancel(const sign_in_flow& flow, const user& account, const client_info& client, timestamp now) {
  change_set changes;
  changes.sign_in_flows.ended.push_back(flow.id);
  changes.audit_events.push_back(event(audit::second_step_cancelled, account, client, now));
  return {.outcome = flow_gone{}, .changes = std::move(changes)};
}

// ── The new password ────────────────────────────────────────────────────────

sign_in_step submit_new_password(const sign_in_flow& flow, const user& account, const new_password_facts& facts,
                                 const sign_in_secrets& secrets, const session_policy& sessions, timestamp now) {
  if (!facts.errors.empty()) return {.outcome = facts.errors, .changes = {}};
  const auto& client = facts.origin.origin.client;
  change_set changes = password_changed(account.id, facts.hash, false);
  changes.guards.push_back(sign_in_flow_finish{.token_hash = flow.id});
  auto done = open_session(changes, account, facts.origin, carried_by(flow), secrets, sessions, now);
  done.account.must_change_password = false;
  done.setup_required = !facts.has_two_factor && account.company_two_factor.require_two_factor;
  changes.mail.push_back(password_mail(password_mail_kind::changed, account, facts.sign_in_link, std::chrono::seconds{0}, now));
  changes.audit_events.push_back(event(audit::password_changed, account, client, now, {{"via", "temporary_password"}}));
  changes.audit_events.push_back(event(audit::sign_in_succeeded, account, client, now, {{"after", "new_password"}}));
  return {.outcome = std::move(done), .changes = std::move(changes)};
}

// ── Binding an external account ─────────────────────────────────────────────

sign_in_step bind_company_refused(const password_attempt& attempt, const password_facts& facts, timestamp now) {
  change_set changes;
  changes.audit_events.push_back(audit_event(audit::sso_failed, attempt.client, now, facts.company_id, facts.user_id,
                                             {{"reason", failure_code(sso_failure::company_mismatch)},
                                              {"provider", attempt.external ? attempt.external->provider : ""}}));
  return {.outcome = sign_in_denied{.reason = denial_reason::wrong_password}, .changes = std::move(changes)};
}

sign_in_step cancel_bind(const sign_in_flow& flow, const client_info& client, timestamp now) {
  change_set changes;
  changes.sign_in_flows.ended.push_back(flow.id);
  changes.audit_events.push_back(audit_event(audit::second_step_cancelled, client, now, flow.company_id, std::nullopt,
                                             {{"state", state_name(flow.state)}}));
  return {.outcome = flow_gone{}, .changes = std::move(changes)};
}

}  // namespace twofold::server
