#pragma once
// The authorization-code flow with PKCE (OpenID Connect Core 1.0 §3.1;
// RFC 7636 S256) against one provider: the address the browser is sent to,
// and the server's own exchange of the code for an ID token.
#include <string>
#include <string_view>

#include "runtime/http_fetch.hpp"
#include "sso/openid_metadata.hpp"
#include "sso/sso_failure.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

// BASE64URL(SHA-256(verifier)), the S256 code challenge.
[[nodiscard]] std::string code_challenge(std::string_view verifier);

struct authorization_request {
  std::string client_id;
  std::string redirect_uri;
  std::string state;
  std::string nonce;
  std::string code_verifier;
};

// The authorization endpoint with response_type=code, scope "openid email
// profile", state, nonce and the S256 challenge of the verifier.
[[nodiscard]] std::string authorization_url(const openid_metadata& metadata, const authorization_request& request);

struct code_exchange {
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  std::string code;
  std::string code_verifier;
};

// The ID token the token endpoint gives for the code (client_secret_basic,
// or client_secret_post when that is all the provider takes).
[[nodiscard]] result<std::string, sso_failure> exchange_code(const openid_metadata& metadata,
                                                             const code_exchange& exchange);

// The ID token in the token endpoint's answer (OpenID Connect Core 1.0
// §3.1.3.3): token_refused for a 4xx, provider_unreachable for any other
// status but 200, provider_garbage when the body is not a JSON object with
// a string id_token.
[[nodiscard]] result<std::string, sso_failure> id_token_of(const fetched& answer);

}  // namespace twofold::server
