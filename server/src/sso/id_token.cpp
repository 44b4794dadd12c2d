#include "sso/id_token.hpp"

#include <cjose/cjose.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <memory>

#include "runtime/bounded_json.hpp"

namespace twofold::server {

namespace {

struct jws_deleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct jwk_deleter {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};

constexpr std::string_view tenant_placeholder = "{tenantid}";

// The key type an algorithm needs (RFC 7518 §3.1); empty for algorithms we refuse.
std::optional<std::string_view> key_type_for(std::string_view algorithm) {
  if (algorithm == "RS256") return "RSA";
  if (algorithm == "ES256") return "EC";
  return std::nullopt;
}

std::optional<std::string> header_member(cjose_jws_t* jws, const char* name) {
  cjose_header_t* header = cjose_jws_get_protected(jws);
  const char* value = header != nullptr ? cjose_header_get(header, name, nullptr) : nullptr;
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// Whether cjose can decode `text` as base64url without its assertion
// failing (which aborts the whole process): only the URL-safe alphabet, no
// '=' (JWS never pads, RFC 7515 §2), and no group ending in a lone symbol,
// which encodes no whole byte.
bool decodable_base64url(std::string_view text) {
  return text.size() % 4 != 1 && std::ranges::all_of(text, [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
         });
}

// A compact JWS: three base64url segments joined by '.' (RFC 7515 §7.1).
bool compact_jws_shape(std::string_view token) {
  for (int segment = 0; segment < 3; ++segment) {
    const auto dot = token.find('.');
    if ((dot == std::string_view::npos) != (segment == 2)) return false;
    if (!decodable_base64url(token.substr(0, dot))) return false;
    token = dot == std::string_view::npos ? std::string_view() : token.substr(dot + 1);
  }
  return true;
}

// A string member; empty when absent or of another type.
std::string text(const nlohmann::json& claims, const char* name) {
  const auto found = claims.find(name);
  return found != claims.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The public key of the JWK `key` as JSON text for cjose: only the members
// a public RS256 or ES256 key has (RFC 7518 §6.2.1, §6.3.1), each a string,
// the base64url ones decodable. Nothing else of the provider's document
// (certificate chains, deeply nested junk) is written out or handed on.
std::optional<std::string> public_key_text(const nlohmann::json& key) {
  nlohmann::json kept = nlohmann::json::object();
  for (const auto* name : {"kty", "kid", "crv", "n", "e", "x", "y"}) {
    const auto found = key.find(name);
    if (found == key.end()) continue;
    if (!found->is_string()) return std::nullopt;
    const auto& value = found->get_ref<const std::string&>();
    const bool base64url = std::string_view(name).size() == 1;  // n, e, x, y
    if (base64url && !decodable_base64url(value)) return std::nullopt;
    kept[name] = value;
  }
  return kept.dump();
}

// The JWK of `keys` with this kid and key type, as JSON text.
result<std::string, sso_failure> key_named(std::string_view jwk_set, std::string_view kid, std::string_view type) {
  const auto parsed = parse_bounded_json(jwk_set);
  if (!parsed) return failure{sso_failure::provider_garbage};
  const auto& keys = *parsed;
  if (!keys.is_object() || !keys.contains("keys") || !keys["keys"].is_array()) return failure{sso_failure::provider_garbage};
  for (const auto& key : keys["keys"]) {
    if (!key.is_object() || text(key, "kid") != kid) continue;
    if (text(key, "kty") != type) return failure{sso_failure::signature_invalid};
    auto key_text = public_key_text(key);
    if (!key_text) return failure{sso_failure::provider_garbage};
    return *std::move(key_text);
  }
  return failure{sso_failure::key_unknown};
}

// A NumericDate (RFC 7519 §2): seconds, possibly fractional, held within
// ±2^62 so that adding or subtracting the skew can never overflow.
std::optional<std::int64_t> number(const nlohmann::json& claims, const char* name) {
  constexpr std::int64_t limit = std::int64_t{1} << 62;
  const auto found = claims.find(name);
  if (found == claims.end() || !found->is_number()) return std::nullopt;
  if (found->is_number_float()) {
    const double value = std::floor(found->get<double>());
    return value >= static_cast<double>(limit) ? limit : value <= -static_cast<double>(limit) ? -limit
                                                                                               : static_cast<std::int64_t>(value);
  }
  if (found->is_number_unsigned()) return static_cast<std::int64_t>(std::min(found->get<std::uint64_t>(), std::uint64_t{limit}));
  return std::clamp(found->get<std::int64_t>(), -limit, limit);
}


bool audience_has(const nlohmann::json& claims, std::string_view client_id) {
  const auto aud = claims.find("aud");
  if (aud == claims.end()) return false;
  if (aud->is_string()) return aud->get<std::string>() == client_id;
  return aud->is_array() && std::ranges::any_of(*aud, [&](const nlohmann::json& one) {
           return one.is_string() && one.get<std::string>() == client_id;
         });
}

// The issuer this token must carry: the document's, its tenant filled in.
std::string expected_issuer(const std::string& issuer, const nlohmann::json& claims) {
  const auto at = issuer.find(tenant_placeholder);
  if (at == std::string::npos) return issuer;
  return issuer.substr(0, at) + text(claims, "tid") + issuer.substr(at + tenant_placeholder.size());
}

bool verified_email(const nlohmann::json& claims) {
  const auto found = claims.find("email_verified");
  if (found == claims.end()) return false;
  return (found->is_boolean() && found->get<bool>()) || (found->is_string() && found->get<std::string>() == "true");
}

std::optional<sso_failure> time_failure(const nlohmann::json& claims, timestamp now) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const auto skew = allowed_clock_skew.count();
  const auto exp = number(claims, "exp");
  const auto iat = number(claims, "iat");
  if (!exp || !iat) return sso_failure::provider_garbage;
  if (seconds > *exp + skew) return sso_failure::token_expired;
  if (*iat > seconds + skew) return sso_failure::token_not_yet_valid;
  if (const auto nbf = number(claims, "nbf"); nbf && *nbf > seconds + skew) return sso_failure::token_not_yet_valid;
  return std::nullopt;
}

}  // namespace

result<nlohmann::json, sso_failure> verified_claims(std::string_view compact_token, std::string_view jwk_set) {
  if (!compact_jws_shape(compact_token)) return failure{sso_failure::provider_garbage};
  const std::unique_ptr<cjose_jws_t, jws_deleter> jws(
      cjose_jws_import(compact_token.data(), compact_token.size(), nullptr));
  if (!jws) return failure{sso_failure::provider_garbage};
  const auto algorithm = header_member(jws.get(), "alg");
  const auto type = algorithm ? key_type_for(*algorithm) : std::nullopt;
  if (!type) return failure{sso_failure::algorithm_refused};
  const auto kid = header_member(jws.get(), "kid");
  if (!kid) return failure{sso_failure::key_unknown};
  const auto key_text = key_named(jwk_set, *kid, *type);
  if (!key_text) return failure{key_text.error()};
  const std::unique_ptr<cjose_jwk_t, jwk_deleter> key(cjose_jwk_import(key_text->data(), key_text->size(), nullptr));
  if (!key) return failure{sso_failure::provider_garbage};
  if (!cjose_jws_verify(jws.get(), key.get(), nullptr)) return failure{sso_failure::signature_invalid};
  std::uint8_t* payload = nullptr;
  std::size_t length = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &payload, &length, nullptr)) return failure{sso_failure::provider_garbage};
  auto claims = parse_bounded_json(std::string_view(reinterpret_cast<const char*>(payload), length));
  if (!claims || !claims->is_object()) return failure{sso_failure::provider_garbage};
  return std::move(claims).value();
}

result<external_identity, sso_failure> check_claims(const nlohmann::json& claims, const token_expectations& expected) {
  if (expected.tenant && text(claims, "tid") != *expected.tenant) return failure{sso_failure::tenant_mismatch};
  const std::string issuer = text(claims, "iss");
  const bool issuer_known = issuer == expected_issuer(expected.issuer, claims) ||
                            std::ranges::find(expected.also_issuers, issuer) != expected.also_issuers.end();
  if (issuer.empty() || !issuer_known) return failure{sso_failure::issuer_mismatch};
  if (!audience_has(claims, expected.client_id)) return failure{sso_failure::audience_mismatch};
  if (claims.contains("azp") && text(claims, "azp") != expected.client_id) return failure{sso_failure::azp_mismatch};
  if (const auto late = time_failure(claims, expected.now)) return failure{*late};
  if (text(claims, "nonce") != expected.nonce || expected.nonce.empty()) return failure{sso_failure::nonce_mismatch};
  const std::string subject = text(claims, "sub");
  if (subject.empty()) return failure{sso_failure::provider_garbage};
  return external_identity{.issuer = issuer,
                           .subject = subject,
                           .email = verified_email(claims) ? text(claims, "email") : std::string(),
                           .name = text(claims, "name")};
}

}  // namespace twofold::server
