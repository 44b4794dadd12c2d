// What an OpenID provider sends back after a sign-in (sso/openid_client.hpp,
// sso/id_token.hpp): the token endpoint's answer, the ID token with the key
// set it is checked against, and the claims of a token whose signature held.
//
// Input: the first byte picks the answer's status (200, a 4xx or a 5xx);
// the rest is at once the answer's body, a compact token and a JWK Set
// (split at the first newline), and the claims' JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "sso/id_token.hpp"
#include "sso/openid_client.hpp"

namespace {

using twofold::fuzz::require;
namespace server = twofold::server;

void check_token_answer(long status, std::string_view body) {
  const auto token = server::id_token_of({.status = status, .body = std::string(body)});
  if (token.has_value()) {
    require(status == 200, "a token only from a 200 answer");
  } else if (status >= 400 && status < 500) {
    require(token.error() == server::sso_failure::token_refused, "a 4xx is the code refused");
  }
}

void check_signed_token(std::string_view text) {
  const auto newline = text.find('\n');
  const auto token = text.substr(0, newline);
  const auto keys = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
  const auto claims = server::verified_claims(token, keys);
  if (claims.has_value()) require(claims->is_object(), "verified claims are an object");
}

// The expectations of one sign-in; the seed corpus holds tokens' claims that
// meet them, so mutations reach every check.
void check_claims(std::string_view text) {
  const auto claims = nlohmann::json::parse(text, nullptr, false);
  if (!claims.is_object()) return;
  const server::token_expectations expected{.issuer = "https://id.example/{tenantid}/v2.0",
                                            .also_issuers = {"id.example"},
                                            .tenant = std::nullopt,
                                            .client_id = "twofold",
                                            .nonce = "n-0S6_WzA2Mj",
                                            .now = twofold::timestamp{std::chrono::seconds{1'700'000'000}}};
  const auto identity = server::check_claims(claims, expected);
  if (!identity.has_value()) return;
  require(!identity->subject.empty(), "an identity has a subject");
  require(identity->issuer == claims["iss"].get<std::string>(), "the issuer is the token's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr long statuses[] = {200, 200, 400, 401, 500, 302};
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  check_token_answer(statuses[data[0] % std::size(statuses)], text);
  check_signed_token(text);
  check_claims(text);
  return 0;
}
