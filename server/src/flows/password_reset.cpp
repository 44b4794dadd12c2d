#include "flows/password_reset.hpp"

#include <utility>

#include "account/audit.hpp"
#include "auth/new_password_check.hpp"
#include "auth/password_change.hpp"
#include "auth/password_hasher.hpp"
#include "auth/password_mail.hpp"
#include "auth/password_token.hpp"
#include "auth/public_links.hpp"
#include "auth/sign_in_throttle.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

// No company has id 0: an unknown company is looked up like a known one.
constexpr row_id no_company = 0;

}  // namespace

std::string_view state_name(reset_state state) {
  switch (state) {
    case reset_state::requested: return "requested";
    case reset_state::link_sent: return "link_sent";
    case reset_state::not_sent: return "not_sent";
    case reset_state::done: return "done";
    case reset_state::expired: return "expired";
    case reset_state::used: return "used";
  }
  return "used";
}

bool accepts_new_password(const password_reset_flow& flow) { return flow.state == reset_state::link_sent; }

password_reset_flow reset_flow_of(const std::optional<password_token_record>& token, timestamp now) {
  if (!token || token->purpose != reset_purpose) return {.state = reset_state::used, .link = std::nullopt, .expires_at = {}};
  return {.state = token->expires_at <= now ? reset_state::expired : reset_state::link_sent,
          .link = reset_link{.id = token->token_hash, .user_id = token->user_id},
          .expires_at = token->expires_at};
}

reset_flow_step enqueue_reset_request(const forgot_request& form, const client_info& client, timestamp now) {
  change_set changes;
  changes.reset_requests.push_back(password_reset_request_record{.id = 0,
                                                                 .company = form.company,
                                                                 .account = form.account,
                                                                 .by_email = form.kind == account_kind::email,
                                                                 .ip = client.ip,
                                                                 .user_agent = client.user_agent,
                                                                 .requested_at = now,
                                                                 .leased_until = {}});
  return {.flow = {.state = reset_state::requested, .link = std::nullopt, .expires_at = {}}, .changes = std::move(changes)};
}

reset_flow_step request_reset(const password_reset_flow& flow, const forgot_facts& facts, const session_token& token,
                              std::string_view link, const client_info& client, timestamp now) {
  if (flow.state != reset_state::requested) return {.flow = flow, .changes = {}};
  change_set changes;
  password_reset_flow next{.state = reset_state::not_sent, .link = std::nullopt, .expires_at = {}};
  if (facts.account) {
    const user& account = *facts.account;
    auto record = reset_token_record(token.hash, account.id, client, now, forgot_password_link_lifetime);
    next = reset_flow_of(record, now);
    changes.passwords.tokens_ended_for.push_back(account.id);  // a newer link replaces the older ones
    changes.passwords.tokens_put.push_back(std::move(record));
    changes.mail.push_back(password_mail(password_mail_kind::forgot_link, account, link, forgot_password_link_lifetime, now));
  }
  changes.audit_events.push_back(audit_event(audit::password_reset_requested, client, now, facts.company_id,
                                             facts.user_id, {{"sent", facts.account.has_value()}}));
  return {.flow = std::move(next), .changes = std::move(changes)};
}

reset_flow_step resolve_reset_request(const password_reset_request_record& request, const forgot_facts& facts,
                                      const session_token& token, std::string_view link, timestamp now) {
  const client_info client{.ip = request.ip, .user_agent = request.user_agent};
  const password_reset_flow queued{.state = reset_state::requested, .link = std::nullopt, .expires_at = {}};
  auto step = request_reset(queued, facts, token, link, client, now);
  step.changes.guards.push_back(reset_request_finish{.id = request.id, .leased_until = request.leased_until});
  return step;
}

reset_step reset_password(const password_reset_flow& flow, const std::optional<user>& account,
                          const new_password& password, const client_info& client, timestamp now) {
  if (!accepts_new_password(flow) || !account || account->disabled) {
    return {.flow = flow, .outcome = reset_link_invalid{}, .changes = {}};
  }
  if (!password.errors.empty()) return {.flow = flow, .outcome = password.errors, .changes = {}};
  change_set changes = password_changed(account->id, password.hash, false);
  changes.guards.push_back(password_token_use{
      .token_hash = flow.link->id, .purpose = std::string(reset_purpose), .now = now});
  changes.mail.push_back(
      password_mail(password_mail_kind::changed, *account, password.sign_in_link, std::chrono::seconds{0}, now));
  changes.audit_events.push_back(
      audit_event(audit::password_changed, client, now, account->company_id, account->id, {{"via", "reset_link"}}));
  auto done = flow;
  done.state = reset_state::done;
  return {.flow = std::move(done), .outcome = password_reset_done{.user_id = account->id}, .changes = std::move(changes)};
}

reset_step link_used_first(const password_reset_flow& flow) {
  auto used = flow;
  used.state = reset_state::used;
  return {.flow = std::move(used), .outcome = reset_link_invalid{}, .changes = {}};
}

password_reset_service::password_reset_service(storage& store, const clock& clk, const password_hasher& hasher,
                                               sign_in_throttle& throttle, const public_links& links,
                                               const password_blocklist& blocklist)
    : store_(store), clock_(clk), hasher_(hasher), throttle_(throttle), links_(links), blocklist_(blocklist) {}

forgot_outcome password_reset_service::request(const forgot_request& form, const client_info& client) {
  const timestamp now = clock_.now();
  const std::string key = sign_in_throttle::account_key(normalize_company_key(form.company), form.account);
  // Every request counts, found or not: the limit must not tell them apart.
  const auto gate = throttle_.count_attempt(client.ip, key, now);
  if (gate.wait.count() > 0) {
    // One audit row per back-off window, not one per refused request.
    if (gate.opened_window) {
      change_set changes;
      changes.audit_events.push_back(throttled_event(audit::password_reset_throttled, client, now, std::nullopt,
                                                     std::nullopt, gate.wait, *gate.opened_window));
      store_.apply(changes);
    }
    return reset_throttled{.retry_after = gate.wait};
  }
  store_.apply(enqueue_reset_request(form, client, now).changes);
  return reset_requested{};
}

bool password_reset_service::resolve(const password_reset_request_record& request) {
  const timestamp now = clock_.now();
  const auto company = store_.find_company_by_key(normalize_company_key(request.company));
  const row_id company_id = company ? company->id : no_company;
  const auto record = request.by_email ? store_.find_user_by_email(company_id, request.account)
                                       : store_.find_user_by_username(company_id, request.account);
  forgot_facts facts{.company_id = company ? std::optional(company->id) : std::nullopt,
                     .user_id = record ? std::optional(record->id) : std::nullopt,
                     .account = std::nullopt};
  if (company && record) {
    auto account = to_user(*company, *record);  // disabled with its company too
    if (!account.disabled) facts.account = std::move(account);
  }
  const session_token token = new_session_token();
  return store_.apply(resolve_reset_request(request, facts, token, links_.reset_link(token.cookie_value), now).changes);
}

reset_outcome password_reset_service::reset(std::string_view token, std::string_view password,
                                            const client_info& client) {
  const timestamp now = clock_.now();
  // What needs no account first: a mistyped password is told whether or not the link still works.
  new_password typed{.errors = check_new_password(password, "password", {}, blocklist_), .hash = {}, .sign_in_link = {}};
  if (!typed.errors.empty()) return typed.errors;
  const auto hash = hash_of_cookie_value(token);
  const auto record = hash ? store_.find_password_token(*hash) : std::nullopt;
  const auto flow = reset_flow_of(record && same_token_hash(record->token_hash, *hash) ? record : std::nullopt, now);
  const auto account = accepts_new_password(flow) ? load_user(store_, flow.link->user_id) : std::nullopt;
  if (account && !account->disabled) {  // what only an account that may have a new password needs
    typed.errors = check_new_password(password, "password", context_of(*account), blocklist_);
    if (typed.errors.empty()) {
      typed.hash = hasher_.hash(password);
      typed.sign_in_link = links_.sign_in_link();
    }
  }
  auto step = reset_password(flow, account, typed, client, now);
  if (step.flow.state == reset_state::done && !store_.apply(step.changes)) {
    step = link_used_first(step.flow);  // another request used the link first
  }
  return std::move(step.outcome);
}

}  // namespace twofold::server
