#pragma once
// An OpenID Connect ID token (OpenID Connect Core 1.0 §2, §3.1.3.7): its
// signature checked with the provider's keys by cisco's cjose (RS256 and
// ES256 only: alg none and every HS* are refused before any key is looked
// at; the key is the one the token's kid names), then its claims checked
// against what this sign-in expects. Both are failures as values.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sso/sso_failure.hpp"
#include "twofold/result.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

// Who the provider says signed in. Accounts are keyed on (issuer, subject),
// never on the email address.
struct external_identity {
  std::string issuer;
  std::string subject;
  std::string email;  // only when the provider says email_verified; else empty
  std::string name;
};

// The token's claims once its signature holds; key_unknown when no key of
// `jwk_set` (a JWK Set's JSON text) has its kid (the caller may refetch the
// keys once), algorithm_refused, signature_invalid, or provider_garbage for
// something that is not a JWS or keys that are not a JWK Set.
[[nodiscard]] result<nlohmann::json, sso_failure> verified_claims(std::string_view compact_token,
                                                                  std::string_view jwk_set);

struct token_expectations {
  std::string issuer;  // the discovery document's; "{tenantid}" in it is filled from the tid claim
  std::vector<std::string> also_issuers;   // other spellings of the issuer (Google's accounts.google.com)
  std::optional<std::string> tenant;       // a company bound to one tenant: tid must be it
  std::string client_id;                   // must be in aud; azp, when present, must be it
  std::string nonce;                       // the one sent with this sign-in
  timestamp now{};
};

// Clock skew allowed around exp, iat and nbf.
inline constexpr std::chrono::seconds allowed_clock_skew{2 * 60};

[[nodiscard]] result<external_identity, sso_failure> check_claims(const nlohmann::json& claims,
                                                                  const token_expectations& expected);

}  // namespace twofold::server
