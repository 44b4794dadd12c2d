#include "sso/openid_client.hpp"

#include <sodium.h>

#include <array>

#include <nlohmann/json.hpp>

#include "runtime/bounded_json.hpp"

namespace twofold::server {

std::string code_challenge(std::string_view verifier) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
  std::array<char, sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
      encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), digest.data(), digest.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return encoded.data();
}

std::string authorization_url(const openid_metadata& metadata, const authorization_request& request) {
  const std::pair<std::string_view, std::string> parameters[] = {
      {"response_type", "code"},
      {"client_id", request.client_id},
      {"redirect_uri", request.redirect_uri},
      {"scope", "openid email profile"},
      {"state", request.state},
      {"nonce", request.nonce},
      {"code_challenge", code_challenge(request.code_verifier)},
      {"code_challenge_method", "S256"},
  };
  std::string url = metadata.authorization_endpoint;
  char separator = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : parameters) {
    url += separator + std::string(name) + "=" + form_encoded(value);
    separator = '&';
  }
  return url;
}

result<std::string, sso_failure> exchange_code(const openid_metadata& metadata, const code_exchange& exchange) {
  form_post form{.fields = {{"grant_type", "authorization_code"},
                            {"code", exchange.code},
                            {"redirect_uri", exchange.redirect_uri},
                            {"code_verifier", exchange.code_verifier}},
                 .basic_user = {},
                 .basic_password = {}};
  if (metadata.client_secret_basic) {
    form.basic_user = exchange.client_id;
    form.basic_password = exchange.client_secret;
  } else {
    form.fields.emplace_back("client_id", exchange.client_id);
    form.fields.emplace_back("client_secret", exchange.client_secret);
  }
  const auto answer = http_post_form(metadata.token_endpoint, form);
  if (const auto* failed = std::get_if<fetch_failure>(&answer)) {
    return failure{*failed == fetch_failure::too_large ? sso_failure::provider_garbage : sso_failure::provider_unreachable};
  }
  return id_token_of(std::get<fetched>(answer));
}

result<std::string, sso_failure> id_token_of(const fetched& answer) {
  if (answer.status >= 400 && answer.status < 500) return failure{sso_failure::token_refused};  // invalid_grant and kin
  if (answer.status != 200) return failure{sso_failure::provider_unreachable};
  const auto body = parse_bounded_json(answer.body);
  if (!body || !body->is_object()) return failure{sso_failure::provider_garbage};
  const auto token = body->find("id_token");
  if (token == body->end() || !token->is_string()) return failure{sso_failure::provider_garbage};
  return token->get<std::string>();
}

}  // namespace twofold::server
