#pragma once
// Why a single sign-on did not go through: the audit trail's reason
// ("sso.failed" detail.reason). The person sees one generic message, apart
// from a lock and an identity already linked to someone else.
#include <string_view>

namespace twofold::server {

enum class sso_failure {
  state_unknown,         // no sign-in was started with this state
  state_used,            // a replayed callback
  state_expired,         // started more than 10 minutes ago
  browser_mismatch,      // not the browser that started it (its cookie missing or another)
  provider_error,        // the provider answered error=... (e.g. the person cancelled)
  provider_unreachable,  // no answer, a timeout, TLS refused
  provider_garbage,      // a malformed or oversized discovery, token or key answer
  token_refused,         // the token endpoint refused the code (e.g. PKCE mismatch)
  algorithm_refused,     // alg none, HS*, anything but RS256 and ES256
  key_unknown,           // no key of the JWKS has the token's kid (after one refetch)
  signature_invalid,
  issuer_mismatch,
  audience_mismatch,
  azp_mismatch,
  token_expired,         // exp more than the allowed skew past
  token_not_yet_valid,   // iat or nbf more than the allowed skew ahead
  nonce_mismatch,
  tenant_mismatch,       // a token of another tenant than the company's
  company_mismatch,      // the account is another company's than the sign-in was started for
  already_linked,        // connect: the external account is linked to another user
  account_disabled,
  account_locked,
  origin_blocked,        // the person blocked the device or location it comes from
};

[[nodiscard]] std::string_view failure_code(sso_failure failure);

}  // namespace twofold::server
