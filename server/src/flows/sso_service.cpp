#include "flows/sso_service.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "auth/public_links.hpp"
#include "flows/sign_in_service.hpp"
#include "runtime/clock.hpp"
#include "sso/id_token.hpp"
#include "sso/openid_client.hpp"
#include "sso/sso_mail.hpp"
#include "storage/storage.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/sms_number.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

std::string text_of(const std::vector<std::uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

std::vector<std::uint8_t> bytes_of(std::string_view text) { return std::vector<std::uint8_t>(text.begin(), text.end()); }

// A Microsoft tenant given as its ID (not "common", "organizations", "consumers"
// or a domain): its tokens must carry that tid.
std::optional<std::string> required_tenant(const sso_provider& provider) {
  const auto& tenant = provider.tenant;
  if (provider.kind != sso_provider_kind::microsoft || tenant == "common" || tenant == "organizations" ||
      tenant == "consumers" || tenant.find('.') != std::string::npos) {
    return std::nullopt;
  }
  return tenant;
}

token_expectations expectations_for(const sso_provider& provider, const openid_metadata& metadata,
                                    const sso_start_record& start, timestamp now) {
  token_expectations expected{.issuer = metadata.issuer,
                              .also_issuers = {},
                              .tenant = required_tenant(provider),
                              .client_id = provider.client_id,
                              .nonce = start.nonce,
                              .now = now};
  // Google's tokens may spell its issuer without the scheme (OpenID Connect Core §3.1.3.7, Google's note).
  if (provider.kind == sso_provider_kind::google && metadata.issuer == google_issuer) {
    expected.also_issuers.emplace_back("accounts.google.com");
  }
  return expected;
}

}  // namespace

sso_service::sso_service(storage& store, const clock& clk, const server_key& key, const public_links& links,
                         const origin_finder& origins, step_up_check& step_up, session_policy sessions)
    : store_(store),
      clock_(clk),
      key_(key),
      links_(links),
      origins_(origins),
      step_up_(step_up),
      sessions_(sessions),
      directory_([](const std::string& url) { return http_get(url); }) {}

std::string sso_service::redirect_uri() const { return links_.origin() + "/sso/callback"; }

std::optional<sso_provider> sso_service::usable_provider(row_id company_id, std::string_view provider) {
  const auto kind = parse_provider_id(provider);
  if (!kind) return std::nullopt;
  const auto providers = providers_of(store_.list_sso_providers(company_id));
  const auto found = std::ranges::find(providers, *kind, &sso_provider::kind);
  if (found == providers.end() || !usable(*found)) return std::nullopt;
  return *found;
}

std::vector<sso_button> sso_service::buttons(std::string_view company_name) {
  const auto company = store_.find_company_by_key(normalize_company_key(company_name));
  if (!company) return {};
  std::vector<sso_button> shown;
  for (const auto& provider : providers_of(store_.list_sso_providers(company->id))) {
    if (usable(provider)) shown.push_back({.kind = provider.kind, .name = display_name(provider)});
  }
  return shown;
}

sso_start_outcome sso_service::start(std::string_view company_name, std::string_view provider,
                                     std::optional<i18n::language> language, const client_info& client) {
  static_cast<void>(client);
  const auto company = store_.find_company_by_key(normalize_company_key(company_name));
  const auto chosen = company ? usable_provider(company->id, provider) : std::nullopt;
  if (!chosen) return sso_unavailable{.reason = sso_failure::provider_error};
  return start_at(*chosen, {.company_id = company->id, .provider = chosen->kind, .connecting_user = std::nullopt,
                            .language = language});
}

sso_start_outcome sso_service::connect(const user& account, std::string_view provider, const client_info& client) {
  static_cast<void>(client);
  const auto chosen = usable_provider(account.company_id, provider);
  if (!chosen) return sso_unavailable{.reason = sso_failure::provider_error};
  return start_at(*chosen, {.company_id = account.company_id, .provider = chosen->kind, .connecting_user = account.id,
                            .language = std::nullopt});
}

// The provider's discovery document, when it names the configured issuer.
result<openid_metadata, sso_failure> sso_service::metadata_of(const sso_provider& provider, timestamp now) {
  const auto url = discovery_url(provider);
  auto metadata = directory_.metadata(url, now);
  if (metadata && !discovered_issuer_matches(provider, metadata->issuer)) metadata = failure{sso_failure::issuer_mismatch};
  if (!metadata) directory_.forget(url);
  return metadata;
}

sso_start_outcome sso_service::start_at(const sso_provider& provider, const sso_start_request& request) {
  const timestamp now = clock_.now();
  const auto metadata = metadata_of(provider, now);
  if (!metadata) return sso_unavailable{.reason = metadata.error()};
  sso_start_secrets secrets{.state = new_session_token(),
                            .browser = new_session_token(),
                            .nonce = new_session_token().cookie_value,
                            .verifier = new_session_token().cookie_value,
                            .sealed_verifier = {}};
  secrets.sealed_verifier = key_.seal(bytes_of(secrets.verifier));
  store_.apply(start_sso(request, secrets, now));
  return sso_redirect{.url = authorization_url(*metadata, {.client_id = provider.client_id,
                                                           .redirect_uri = redirect_uri(),
                                                           .state = secrets.state.cookie_value,
                                                           .nonce = secrets.nonce,
                                                           .code_verifier = secrets.verifier}),
                      .browser = secrets.browser};
}

sso_callback_result sso_service::callback(const sso_callback& answer, const client_info& client) {
  const timestamp now = clock_.now();
  const auto hash = hash_of_cookie_value(answer.state);
  const auto start = hash ? store_.find_sso_start(*hash) : std::nullopt;
  sso_step step = start ? verify(*start, answer, client, now) : refuse_sso(sso_failure::state_unknown, std::nullopt, client, std::nullopt, now);
  if (!store_.apply(step.changes)) {
    // The external account was linked to someone else meanwhile.
    step = refuse_sso(sso_failure::already_linked, start, client, std::nullopt, now);
    store_.apply(step.changes);
  }
  const auto company = start ? store_.find_company(start->company_id) : std::nullopt;
  return sso_callback_result{.outcome = std::move(step.outcome),
                             .company = company ? company->name : std::string(),
                             .connect = start && start->user_id.has_value()};
}

// Claims the start once for this browser, then asks the provider.
sso_step sso_service::verify(const sso_start_record& start, const sso_callback& answer, const client_info& client,
                             timestamp now) {
  const auto browser = answer.browser ? hash_of_cookie_value(*answer.browser) : std::nullopt;
  const auto refused = [&](sso_failure reason) { return refuse_sso(reason, start, client, std::nullopt, now); };
  if (start.used_at) return refused(sso_failure::state_used);
  if (start.expires_at <= now) return refused(sso_failure::state_expired);
  if (!browser || !same_token_hash(*browser, start.browser_hash)) return refused(sso_failure::browser_mismatch);
  change_set claim;
  claim.guards.push_back(sso_start_use{.state_hash = start.state_hash, .browser_hash = *browser, .now = now});
  if (!store_.apply(claim)) return refused(sso_failure::state_used);  // a parallel callback took it
  if (!answer.error.empty() || answer.code.empty()) return refused(sso_failure::provider_error);
  const auto provider = usable_provider(start.company_id, start.provider);
  if (!provider) return refused(sso_failure::provider_error);
  auto external = identity_of(*provider, start, answer.code, now);
  if (!external) return refused(external.error());
  return advance(start, *external, client, now);
}

result<external_account, sso_failure> sso_service::identity_of(const sso_provider& provider,
                                                               const sso_start_record& start, std::string_view code,
                                                               timestamp now) {
  const auto metadata = metadata_of(provider, now);
  if (!metadata) return failure{metadata.error()};
  const auto token = id_token_of(provider, *metadata, start, code);
  if (!token) return failure{token.error()};
  auto keys = directory_.keys(metadata->jwks_uri, now, false);
  if (!keys) return failure{keys.error()};
  auto claims = verified_claims(*token, *keys);
  if (!claims && claims.error() == sso_failure::key_unknown) {
    // The provider may have rotated its keys: fetch them once more.
    keys = directory_.keys(metadata->jwks_uri, now, true);
    if (!keys) return failure{keys.error()};
    claims = verified_claims(*token, *keys);
  }
  if (!claims) return failure{claims.error()};
  const auto identity = check_claims(*claims, expectations_for(provider, *metadata, start, now));
  if (!identity) return failure{identity.error()};
  return external_account{.provider = std::string(provider_id(provider.kind)),
                          .provider_name = display_name(provider),
                          .issuer = identity->issuer,
                          .subject = identity->subject,
                          .email = identity->email,
                          .name = identity->name};
}

result<std::string, sso_failure> sso_service::id_token_of(const sso_provider& provider, const openid_metadata& metadata,
                                                          const sso_start_record& start, std::string_view code) {
  const auto verifier = key_.open(start.sealed_verifier);
  const auto secret = key_.open(provider.sealed_client_secret);
  if (!verifier || !secret) return failure{sso_failure::token_refused};  // sealed by another key
  return exchange_code(metadata, {.client_id = provider.client_id,
                                  .client_secret = text_of(*secret),
                                  .redirect_uri = redirect_uri(),
                                  .code = std::string(code),
                                  .code_verifier = text_of(*verifier)});
}

sso_step sso_service::advance(const sso_start_record& start, const external_account& external,
                              const client_info& client, timestamp now) {
  sso_callback_facts facts{.start = start,
                           .external = external,
                           .linked = std::nullopt,
                           .method = std::nullopt,
                           .phone = std::nullopt,
                           .connecting = std::nullopt,
                           .two_factor_after_sso = false,
                           .origin = {}};
  if (const auto link = store_.find_sso_identity(external.issuer, external.subject)) {
    // One issuer is one provider's: the same issuer met through another is an impostor.
    if (link->provider != external.provider) return refuse_sso(sso_failure::issuer_mismatch, start, client, std::nullopt, now);
    facts.linked = load_user(store_, link->user_id);
    if (const auto method = facts.linked ? store_.find_two_factor(facts.linked->id) : std::nullopt) {
      facts.method = parse_method(method->method);
      facts.phone = open_phone(key_, method->sealed_phone);
    }
  }
  if (start.user_id) facts.connecting = load_user(store_, *start.user_id);
  if (const auto company = store_.find_company(start.company_id)) facts.two_factor_after_sso = company->two_factor_after_sso;
  const row_id user_id = facts.linked ? facts.linked->id : 0;
  if (facts.linked) facts.origin = read_origin_facts(store_, origins_, user_id, client, links_.security_link());
  return finish_sso(facts, client, draw_sign_in_secrets(key_, user_id), sessions_, now);
}

std::vector<sso_link> sso_service::links(const user& account) {
  const auto identities = store_.list_sso_identities(account.id);
  std::vector<sso_link> shown;
  for (const auto& provider : providers_of(store_.list_sso_providers(account.company_id))) {
    if (!usable(provider)) continue;
    const auto identity = std::ranges::find(identities, provider_id(provider.kind), &sso_identity_record::provider);
    shown.push_back({.provider = {.kind = provider.kind, .name = display_name(provider)},
                     .identity = identity == identities.end() ? std::nullopt : std::optional(*identity)});
  }
  return shown;
}

disconnect_outcome sso_service::disconnect(const active_session& session, sso_provider_kind provider,
                                           const std::optional<std::string>& password, const client_info& client) {
  const timestamp now = clock_.now();
  const auto& account = session.account;
  const auto identities = store_.list_sso_identities(account.id);
  const auto identity = std::ranges::find(identities, provider_id(provider), &sso_identity_record::provider);
  if (identity == identities.end()) return not_connected{};
  const auto allowed = step_up_.check(session, password, client, now);
  if (allowed.outcome != step_up_outcome::allowed) {
    if (allowed.outcome == step_up_outcome::password_rejected) {
      change_set failed;
      failed.audit_events.push_back(audit_event(audit::step_up_failed, client, now, account.company_id, account.id,
                                                {{"for", "sso_disconnect"}}));
      store_.apply(failed);
    }
    return step_up_denied{allowed};
  }
  const auto providers = providers_of(store_.list_sso_providers(account.company_id));
  const auto configured = std::ranges::find(providers, provider, &sso_provider::kind);
  change_set changes;
  changes.sso.unlinked.push_back({.user_id = account.id, .provider = identity->provider});
  changes.mail.push_back(sso_mail(sso_mail_kind::unlinked, account, display_name(*configured),
                                  identity->email.empty() ? identity->name : identity->email, now));
  changes.audit_events.push_back(audit_event(audit::sso_unlinked, client, now, account.company_id, account.id,
                                             {{"provider", identity->provider}}));
  store_.apply(changes);
  return disconnected{};
}

}  // namespace twofold::server
