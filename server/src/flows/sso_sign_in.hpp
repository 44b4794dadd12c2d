#pragma once
// Single sign-on's steps, pure like the sign-in flow's (sign_in_steps.hpp):
//
//   start ──> the provider ──callback, token verified──┬─ linked to a user ─> after_first_factor:
//     (state, nonce, PKCE verifier kept              │      session, or the second factor when
//      10 minutes, bound to this browser)            │      the company asks for it after SSO
//                                                    ├─ linked to nobody ─> bind (the account's
//                                                    │      password once; the link is made when
//                                                    │      the flow signs in)
//                                                    ├─ a connect ─> linked to the signed-in user
//                                                    └─ anything wrong ─> refused (one reason,
//                                                           audited; nothing linked or made)
//
// An external account is keyed on (issuer, subject) and links to one user
// at most; a flow started for one company never signs in to another.
#include <chrono>
#include <optional>
#include <variant>

#include "flows/sign_in_steps.hpp"
#include "sso/sso_failure.hpp"
#include "sso/sso_provider.hpp"

namespace twofold::server {

inline constexpr std::chrono::seconds sso_start_lifetime{10 * 60};

// The randomness of a start, drawn by the service: the state sent to the
// provider, the browser's binding cookie, the nonce, and the PKCE verifier
// (sealed with the server key for storage).
struct sso_start_secrets {
  session_token state;
  session_token browser;
  std::string nonce;
  std::string verifier;
  std::vector<std::uint8_t> sealed_verifier;
};

struct sso_start_request {
  row_id company_id = 0;
  sso_provider_kind provider = sso_provider_kind::google;
  std::optional<row_id> connecting_user;     // a connect: the signed-in user
  std::optional<i18n::language> language;    // the sign-in page's
};

[[nodiscard]] change_set start_sso(const sso_start_request& request, const sso_start_secrets& secrets,
                                   timestamp now);

struct sso_connected {
  user account;
};
// An external account linked to nobody: the flow waits in bind (its cookie).
struct bind_waiting {
  sign_in_flow flow;
  session_token cookie;
};
struct sso_refused {
  sso_failure reason = sso_failure::state_unknown;
};
using sso_outcome = std::variant<signed_in, flow_waiting, bind_waiting, sso_connected, sso_refused>;

struct sso_step {
  sso_outcome outcome;
  change_set changes;
};

// A refusal, audited with its reason (and the start and the account, when known).
[[nodiscard]] sso_step refuse_sso(sso_failure reason, const std::optional<sso_start_record>& start,
                                  const client_info& client, const std::optional<user>& account, timestamp now);

// What the callback found once the provider's token held.
struct sso_callback_facts {
  sso_start_record start;
  external_account external;
  std::optional<user> linked;               // the user the external account is linked to
  std::optional<two_factor_method> method;  // that user's 2FA
  std::optional<std::string> phone;         // sms: the number its codes go to (E.164, opened)
  std::optional<user> connecting;           // a connect: the signed-in user (start.user_id)
  bool two_factor_after_sso = false;        // the start's company's setting
  origin_facts origin;                      // the callback's, as the linked user's account knows it
};

[[nodiscard]] sso_step finish_sso(const sso_callback_facts& facts, const client_info& client,
                                  const sign_in_secrets& secrets, const session_policy& sessions, timestamp now);

}  // namespace twofold::server
