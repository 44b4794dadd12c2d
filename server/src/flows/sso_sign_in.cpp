#include "flows/sso_sign_in.hpp"

#include "account/audit.hpp"

namespace twofold::server {

namespace {

std::optional<i18n::language> language_of(const sso_start_record& start) {
  return start.language ? i18n::parse_language(*start.language) : std::nullopt;
}

sso_step bind(const sso_callback_facts& facts, const client_info& client, const sign_in_secrets& secrets, timestamp now) {
  const sign_in_flow flow{.id = secrets.flow.hash,
                          .state = sign_in_state::bind,
                          .user_id = std::nullopt,
                          .company_id = facts.start.company_id,
                          .method = two_factor_method::app,
                          .sent_code = std::nullopt,
                          .last_sent_at = std::nullopt,
                          .created_at = now,
                          .expires_at = now + sign_in_flow_lifetime,
                          .started_by = client,
                          .language = language_of(facts.start),
                          .external = facts.external};
  change_set changes;
  changes.sign_in_flows.purge_expired = now;
  changes.sign_in_flows.put.push_back(to_record(flow));
  return {.outcome = bind_waiting{.flow = flow, .cookie = secrets.flow}, .changes = std::move(changes)};
}

sso_step connect(const sso_callback_facts& facts, const client_info& client, timestamp now) {
  const user& account = *facts.connecting;
  if (facts.linked && facts.linked->id != account.id) return refuse_sso(sso_failure::already_linked, facts.start, client, account, now);
  change_set changes;
  if (!facts.linked) link_external_account(changes, account, facts.external, client, now);
  return {.outcome = sso_connected{.account = account}, .changes = std::move(changes)};
}

}  // namespace

change_set start_sso(const sso_start_request& request, const sso_start_secrets& secrets, timestamp now) {
  change_set changes;
  changes.sso.purge_expired_starts = now;
  changes.sso.starts.push_back(sso_start_record{
      .state_hash = secrets.state.hash,
      .browser_hash = secrets.browser.hash,
      .company_id = request.company_id,
      .provider = std::string(provider_id(request.provider)),
      .user_id = request.connecting_user,
      .nonce = secrets.nonce,
      .sealed_verifier = secrets.sealed_verifier,
      .language = request.language ? std::optional(std::string(i18n::language_tag(*request.language))) : std::nullopt,
      .created_at = now,
      .expires_at = now + sso_start_lifetime,
      .used_at = std::nullopt});
  return changes;
}

sso_step refuse_sso(sso_failure reason, const std::optional<sso_start_record>& start, const client_info& client,
                    const std::optional<user>& account, timestamp now) {
  change_set changes;
  nlohmann::json detail = {{"reason", failure_code(reason)}};
  if (start) detail["provider"] = start->provider;
  changes.audit_events.push_back(audit_event(audit::sso_failed, client, now,
                                             start ? std::optional(start->company_id) : std::nullopt,
                                             account ? std::optional(account->id) : std::nullopt, detail));
  return {.outcome = sso_refused{.reason = reason}, .changes = std::move(changes)};
}

sso_step finish_sso(const sso_callback_facts& facts, const client_info& client, const sign_in_secrets& secrets,
                    const session_policy& sessions, timestamp now) {
  if (facts.connecting) return connect(facts, client, now);
  if (!facts.linked) return bind(facts, client, secrets, now);
  const user& account = *facts.linked;
  if (account.company_id != facts.start.company_id) return refuse_sso(sso_failure::company_mismatch, facts.start, client, account, now);
  if (account.disabled) return refuse_sso(sso_failure::account_disabled, facts.start, client, account, now);
  if (const auto blocked = blocked_by(facts.origin.known)) {
    auto told = refuse_blocked_origin(account, facts.origin, *blocked, now).changes;
    auto refused = refuse_sso(sso_failure::origin_blocked, facts.start, client, account, now);
    for (auto& event : told.audit_events) refused.changes.audit_events.push_back(std::move(event));
    refused.changes.mail = std::move(told.mail);
    return refused;
  }
  if (lock_of(account, now)) return refuse_sso(sso_failure::account_locked, facts.start, client, account, now);
  change_set changes;
  changes.audit_events.push_back(audit_event(audit::sso_signed_in, client, now, account.company_id, account.id,
                                             {{"provider", facts.start.provider}}));
  auto step = after_first_factor(std::move(changes), account,
                                 first_factor{.client = client,
                                              .language = language_of(facts.start),
                                              .external = std::nullopt,
                                              .phone = facts.phone,
                                              .method = facts.method,
                                              .second_factor_needed =
                                                  facts.two_factor_after_sso &&
                                                  second_factor_needed(account, facts.method, facts.origin, false),
                                              .by_password = false,
                                              .trusted_browser = std::nullopt,
                                              .rehashed = false,
                                              .provider = facts.start.provider,
                                              .origin = facts.origin,
                                              .code_sends = std::nullopt},
                                 secrets, sessions, now);
  // After the first factor comes a session or a flow waiting for the second.
  if (auto* done = std::get_if<signed_in>(&step.outcome)) return {.outcome = std::move(*done), .changes = std::move(step.changes)};
  return {.outcome = std::get<flow_waiting>(std::move(step.outcome)), .changes = std::move(step.changes)};
}

}  // namespace twofold::server
