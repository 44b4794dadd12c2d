#include "flows/sign_in_service.hpp"

#include "auth/new_password_check.hpp"
#include "auth/public_links.hpp"
#include "auth/sign_in_throttle.hpp"
#include "flows/sign_in_metrics.hpp"
#include "runtime/clock.hpp"
#include "runtime/server_metrics.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_check.hpp"
#include "two_factor/code_send_limit.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/sms_number.hpp"
#include "twofold/otp/resend_countdown.hpp"

namespace twofold::server {

// A waiting flow with what deciding about it needs.
struct sign_in_service::loaded {
  sign_in_flow flow;
  user account;
  std::optional<two_factor_record> method;  // second_factor: the account's method, as stored
  std::optional<std::string> phone;         // sms: its number, opened
};

namespace {

std::string_view kind_of(const second_factor_answer& answer) {
  return std::holds_alternative<typed_backup_code>(answer) ? "backup_code" : "code";
}

}  // namespace

sign_in_service::sign_in_service(storage& store, const clock& clk, const password_hasher& hasher,
                                 sign_in_throttle& throttle, const server_key& key, const public_links& links,
                                 const origin_finder& origins, session_policy sessions,
                                 const password_blocklist& blocklist)
    : store_(store),
      clock_(clk),
      hasher_(hasher),
      blocklist_(blocklist),
      throttle_(throttle),
      key_(key),
      links_(links),
      origins_(origins),
      sessions_(sessions) {}

origin_facts sign_in_service::origin_of(row_id user_id, const client_info& client) {
  return read_origin_facts(store_, origins_, user_id, client, links_.security_link());
}

sign_in_secrets draw_sign_in_secrets(const server_key& key, row_id user_id) {
  sign_in_secrets secrets{.flow = new_session_token(),
                          .session = new_session_token(),
                          .trusted_browser = new_session_token(),
                          .sent_code = new_sent_code(),
                          .sent_code_hash = {}};
  secrets.sent_code_hash = key.hash_code(server_key::code_purpose::sent_code, user_id, secrets.sent_code);
  return secrets;
}

// What the typed company and account lead to, before the password is checked.
struct sign_in_service::candidate {
  password_facts facts;
  std::optional<std::string> password_hash;  // the account's
};

sign_in_service::candidate sign_in_service::candidate_of(const sign_in_request& request) {
  const auto& typed = request.form.normalized;
  candidate found;
  const auto company = store_.find_company_by_key(normalize_company_key(typed.company));
  if (!company) return found;
  found.facts.company_id = company->id;
  const auto record = request.form.kind == account_kind::email ? store_.find_user_by_email(company->id, typed.account)
                                                               : store_.find_user_by_username(company->id, typed.account);
  if (!record) return found;
  found.facts.user_id = record->id;
  found.facts.account = to_user(*company, *record);
  found.password_hash = record->password_hash;
  return found;
}

// The password's verdict and, when it opens the account, what comes next
// depends on: the account's 2FA and this browser's trust.
void sign_in_service::check_password(candidate& found, const sign_in_request& request, timestamp now) {
  const auto& password = request.form.normalized.password;
  auto& facts = found.facts;
  if (!found.password_hash) {
    // Unknown company or account: the same work as a wrong password, so the
    // answer's timing tells nothing.
    hasher_.verify_nothing(password);
    return;
  }
  facts.check = hasher_.verify(*found.password_hash, password);
  // A locked account is refused like a wrong password, and with the same
  // work: one hash, no rehash, nothing more read.
  if (facts.check == password_check::wrong || facts.account->disabled || lock_of(*facts.account, now)) return;
  if (facts.check == password_check::correct_needs_rehash) facts.rehashed = hasher_.hash(password);
  facts.code_sends = store_.code_sends_since(facts.account->id, code_sends_counted_since(now));
  facts.origin = origin_of(facts.account->id, request.client);
  if (const auto method = store_.find_two_factor(facts.account->id)) facts.method = parse_method(method->method);
  if (facts.method == two_factor_method::sms) facts.phone = sms_number_of(store_, key_, facts.account->id);
  if (facts.method && request.trusted_browser) {
    if (const auto trusted = trusted_.recognise(*request.trusted_browser, *facts.account, now)) {
      facts.trusted_browser = trusted->id;
    }
  }
}

sign_in_outcome sign_in_service::sign_in(const sign_in_request& request) {
  return sign_in(request, password_attempt{.client = request.client,
                                           .previous_session = request.previous_session,
                                           .language = request.language,
                                           .bind_flow = std::nullopt,
                                           .external = std::nullopt},
                 std::nullopt);
}

// The password step, for a sign-in or for a bind (`bind_company`: the
// company the bind's flow was started for: another one is refused).
sign_in_outcome sign_in_service::sign_in(const sign_in_request& request, const password_attempt& attempt,
                                         std::optional<row_id> bind_company) {
  auto outcome = password_step(request, attempt, bind_company);
  count_password_step(outcome);
  return outcome;
}

sign_in_outcome sign_in_service::password_step(const sign_in_request& request, const password_attempt& attempt,
                                               std::optional<row_id> bind_company) {
  const timestamp now = clock_.now();
  const auto& typed = request.form.normalized;
  const std::string throttle_key = sign_in_throttle::account_key(normalize_company_key(typed.company), typed.account);

  auto found = candidate_of(request);
  const auto gate = throttle_.begin_attempt(request.client.ip, throttle_key, now);
  if (gate.wait.count() > 0) return apply(password_throttled(attempt, found.facts, gate.wait, gate.opened_window, now));
  // In flight until ended here; should anything below throw, the throttle's lease ends it.
  check_password(found, request, now);
  auto step = bind_company && found.facts.company_id != bind_company
                  ? bind_company_refused(attempt, found.facts, now)
                  : submit_password(attempt, found.facts, draw_sign_in_secrets(key_, found.facts.user_id.value_or(0)),
                                    sessions_, now);
  throttle_.end_attempt(request.client.ip, throttle_key,
                        std::holds_alternative<sign_in_denied>(step.outcome) ? attempt_outcome::failed
                                                                             : attempt_outcome::succeeded,
                        now);
  if (store_.apply(step.changes) || !std::holds_alternative<flow_waiting>(step.outcome)) return std::move(step.outcome);
  // Parallel sign-ins took the account's last sends first (code_send's guard).
  return sign_in_throttled{
      .retry_after = code_send_wait(store_.code_sends_since(found.facts.user_id.value_or(0), code_sends_counted_since(now)), now)};
}

std::optional<sign_in_service::loaded> sign_in_service::load(std::string_view cookie, sign_in_state state,
                                                             timestamp now) {
  const auto hash = hash_of_cookie_value(cookie);
  const auto record = hash ? store_.find_sign_in_flow(*hash) : std::nullopt;
  if (!record || !same_token_hash(record->token_hash, *hash)) return std::nullopt;
  auto flow = to_flow(*record);
  if (!flow || state_at(*flow, now) != state || !flow->user_id) return std::nullopt;
  auto account = load_user(store_, *flow->user_id);
  if (!account) return std::nullopt;
  loaded found{.flow = *std::move(flow), .account = *std::move(account), .method = std::nullopt, .phone = std::nullopt};
  std::optional<two_factor_method> method;
  if (state == sign_in_state::second_factor) {
    found.method = store_.find_two_factor(found.account.id);
    method = found.method ? parse_method(found.method->method) : std::nullopt;
  }
  if (!still_fits(found.flow, found.account, method)) return std::nullopt;
  if (found.method) found.phone = open_phone(key_, found.method->sealed_phone);
  return found;
}

std::optional<flow_status> sign_in_service::status(std::string_view cookie, sign_in_state state) {
  const timestamp now = clock_.now();
  const auto found = load(cookie, state, now);
  if (!found || state_for(found->flow, found->account, now) != state) return std::nullopt;
  return flow_status{.state = state, .methods = methods_of(found->flow), .view = view_of(found->flow, found->account, found->phone, now)};
}

// The guard that consumes the answer when it is right; empty when it is wrong.
std::optional<guard> sign_in_service::code_use(const loaded& found, const second_factor_answer& answer,
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
  if (found.flow.method == two_factor_method::app) {
    const auto step = matching_totp_step(key_, found.method->sealed_secret, digits, now, found.method->last_totp_step);
    if (!step) return std::nullopt;
    return totp_step_use{.user_id = user_id, .step = *step};
  }
  if (!sent_code_matches(key_, user_id, found.flow.sent_code, digits)) return std::nullopt;
  return sign_in_flow_finish{.token_hash = found.flow.id};
}

sign_in_outcome sign_in_service::submit_code(std::string_view cookie, const second_factor_answer& answer,
                                             const client_info& client, bool remember) {
  auto outcome = code_step(cookie, answer, client, remember);
  count_code_step(outcome);
  return outcome;
}

sign_in_outcome sign_in_service::code_step(std::string_view cookie, const second_factor_answer& answer,
                                           const client_info& client, bool remember) {
  const timestamp now = clock_.now();
  const auto found = load(cookie, sign_in_state::second_factor, now);
  if (!found) return flow_gone{};
  const code_submission code{.client = client, .kind = kind_of(answer), .remember = remember};
  if (auto refused = precheck_code(found->flow, found->account, code, now)) return apply(*std::move(refused));

  const code_attempt claim{.user_id = found->account.id, .max_failures = max_code_failures, .now = now};
  const auto origin = origin_of(found->account.id, client);
  const auto use = code_use(*found, answer, now);
  if (!use) return wrong_code(*found, code, claim, origin, now);
  const auto attempt = store_.claim_code_attempt(claim);
  if (!attempt) return unclaimed(*found, code, now);
  auto step = server::submit_code(found->flow, found->account, code, *attempt, use, origin,
                                  draw_sign_in_secrets(key_, found->account.id), sessions_, now);
  if (store_.apply(step.changes)) return std::move(step.outcome);
  // Another request used the code (or ended the flow) first: the attempt,
  // claimed already, was a wrong one.
  auto steps = reject_code(found->flow, found->account, code, *attempt, origin, now);
  store_.apply(steps.rejected.changes);
  return after_rejection(*found, std::move(steps), now);
}

// A wrong code: its attempt claimed and the rejection it numbers written in
// one transaction.
sign_in_outcome sign_in_service::wrong_code(const loaded& found, const code_submission& code,
                                            const code_attempt& claim, const origin_facts& origin, timestamp now) {
  std::optional<wrong_code_steps> steps;
  const auto attempt = store_.claim_code_attempt(claim, [&](int number) {
    steps = reject_code(found.flow, found.account, code, number, origin, now);
    return steps->rejected.changes;
  });
  if (!attempt) return unclaimed(found, code, now);
  return after_rejection(found, *std::move(steps), now);
}

// The rejection is written: then the lock, when the rule says this attempt locks.
sign_in_outcome sign_in_service::after_rejection(const loaded& found, wrong_code_steps steps, timestamp now) {
  if (!steps.lock) return std::move(steps.rejected.outcome);
  if (store_.apply(steps.lock->changes)) {
    server_metrics::process().account_locked();
    return std::move(steps.lock->outcome);
  }
  return lock_not_taken(load_user(store_, found.account.id), now);
}

// No attempt was left to claim: answered as refuse_unclaimed says, whatever the code was.
sign_in_outcome sign_in_service::unclaimed(const loaded& found, const code_submission& code, timestamp now) {
  return apply(refuse_unclaimed(found.flow, found.account, load_user(store_, found.account.id), code, now));
}

sign_in_outcome sign_in_service::resend(std::string_view cookie, const client_info& client) {
  const timestamp now = clock_.now();
  const auto found = load(cookie, sign_in_state::second_factor, now);
  if (!found || state_for(found->flow, found->account, now) != sign_in_state::second_factor) return flow_gone{};
  auto step = resend_code(found->flow, found->account, found->phone, client, draw_sign_in_secrets(key_, found->account.id),
                          store_.code_sends_since(found->account.id, code_sends_counted_since(now)), now);
  if (!std::holds_alternative<flow_waiting>(step.outcome) || store_.apply(step.changes)) return std::move(step.outcome);
  return resend_too_soon{.wait = otp::countdown_state{now}.seconds_left(now)};  // a parallel resend won
}

sign_in_outcome sign_in_service::cancel(std::string_view cookie, const client_info& client) {
  const timestamp now = clock_.now();
  if (const auto found = load(cookie, sign_in_state::second_factor, now)) {
    return apply(server::cancel(found->flow, found->account, client, now));
  }
  if (const auto binding = load_bind(cookie, now)) return apply(cancel_bind(*binding, client, now));
  return flow_gone{};  // nothing waiting: already back at the password
}

std::optional<sign_in_flow> sign_in_service::load_bind(std::string_view cookie, timestamp now) {
  const auto hash = hash_of_cookie_value(cookie);
  const auto record = hash ? store_.find_sign_in_flow(*hash) : std::nullopt;
  if (!record || !same_token_hash(record->token_hash, *hash)) return std::nullopt;
  auto flow = to_flow(*record);
  if (!flow || state_at(*flow, now) != sign_in_state::bind) return std::nullopt;
  return flow;
}

std::optional<bind_status> sign_in_service::bind(std::string_view cookie) {
  const timestamp now = clock_.now();
  auto flow = load_bind(cookie, now);
  const auto company = flow ? store_.find_company(flow->company_id) : std::nullopt;
  if (!company) return std::nullopt;
  const auto expires_in = seconds_until(flow->expires_at, now);
  return bind_status{.flow = *std::move(flow), .company = company->name, .expires_in = expires_in};
}

sign_in_outcome sign_in_service::submit_bind(std::string_view cookie, const sign_in_request& request) {
  const auto flow = load_bind(cookie, clock_.now());
  if (!flow) return flow_gone{};
  return sign_in(request,
                 password_attempt{.client = request.client,
                                  .previous_session = request.previous_session,
                                  .language = flow->language,
                                  .bind_flow = flow->id,
                                  .external = flow->external},
                 flow->company_id);
}

sign_in_outcome sign_in_service::submit_new_password(std::string_view cookie, std::string_view password,
                                                     const client_info& client) {
  const timestamp now = clock_.now();
  const auto found = load(cookie, sign_in_state::new_password, now);
  if (!found) return flow_gone{};
  new_password_facts facts{.errors = check_new_password(password, "password", context_of(found->account), blocklist_),
                           .hash = {},
                           .has_two_factor = false,
                           .sign_in_link = links_.sign_in_link(),
                           .origin = {}};
  if (!facts.errors.empty()) return facts.errors;
  const auto record = store_.find_user(found->account.id);
  if (!record) return flow_gone{};
  if (hasher_.verify(record->password_hash, password) != password_check::wrong) {
    return field_errors{{.field = "password", .code = "same_password", .message_key = "validation.same_password"}};
  }
  facts.hash = hasher_.hash(password);
  facts.has_two_factor = store_.find_two_factor(found->account.id).has_value();
  facts.origin = origin_of(found->account.id, client);
  auto step = server::submit_new_password(found->flow, found->account, facts, draw_sign_in_secrets(key_, found->account.id),
                                          sessions_, now);
  if (!store_.apply(step.changes)) return flow_gone{};  // a parallel request finished it
  return std::move(step.outcome);
}

sign_in_outcome sign_in_service::apply(sign_in_step step) {
  store_.apply(step.changes);
  return std::move(step.outcome);
}

}  // namespace twofold::server
