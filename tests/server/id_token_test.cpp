// ID tokens (sso/id_token.hpp): signatures checked with real keys made and
// used by cjose here, and each claim rule walked on its own.
#include "sso/id_token.hpp"

#include <cjose/cjose.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>

#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

struct jwk_deleter {
  void operator()(cjose_jwk_t* key) const { cjose_jwk_release(key); }
};
using jwk = std::unique_ptr<cjose_jwk_t, jwk_deleter>;

jwk named(cjose_jwk_t* key, std::string_view kid) {
  cjose_jwk_set_kid(key, kid.data(), kid.size(), nullptr);
  return jwk(key);
}

jwk rsa_key(std::string_view kid) {
  static const std::uint8_t exponent[] = {0x01, 0x00, 0x01};
  return named(cjose_jwk_create_RSA_random(2048, exponent, sizeof exponent, nullptr), kid);
}

jwk ec_key(std::string_view kid) { return named(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, nullptr), kid); }

// {"keys": [...]} with the public halves of `keys`.
std::string key_set(std::initializer_list<const cjose_jwk_t*> keys) {
  auto set = nlohmann::json::array();
  for (const auto* key : keys) {
    char* text = cjose_jwk_to_json(key, false, nullptr);
    set.push_back(nlohmann::json::parse(text));
    std::free(text);
  }
  return nlohmann::json{{"keys", set}}.dump();
}

std::string signed_token(const cjose_jwk_t* key, std::string_view algorithm, std::string_view kid,
                         const std::string& payload) {
  cjose_header_t* header = cjose_header_new(nullptr);
  cjose_header_set(header, CJOSE_HDR_ALG, std::string(algorithm).c_str(), nullptr);
  if (!kid.empty()) cjose_header_set(header, CJOSE_HDR_KID, std::string(kid).c_str(), nullptr);
  cjose_jws_t* jws = cjose_jws_sign(key, header, reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(), nullptr);
  const char* compact = nullptr;
  cjose_jws_export(jws, &compact, nullptr);
  std::string token = compact != nullptr ? compact : "";
  cjose_jws_release(jws);
  cjose_header_release(header);
  return token;
}

std::string base64url(std::string_view text) {
  char* encoded = nullptr;
  std::size_t length = 0;
  cjose_base64url_encode(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), &encoded, &length, nullptr);
  std::string result(encoded, length);
  cjose_get_dealloc()(encoded);
  return result;
}

const std::string payload = R"({"sub":"248289761001","iss":"https://issuer.example"})";

TEST(id_token, a_token_signed_with_the_named_rsa_or_ec_key_gives_its_claims) {
  const auto rsa = rsa_key("r1");
  const auto ec = ec_key("e1");
  const auto keys = key_set({rsa.get(), ec.get()});
  for (const auto& token : {signed_token(rsa.get(), "RS256", "r1", payload), signed_token(ec.get(), "ES256", "e1", payload)}) {
    const auto claims = verified_claims(token, keys);
    ASSERT_TRUE(claims.has_value()) << failure_code(claims.error());
    EXPECT_EQ((*claims)["sub"], "248289761001");
  }
}

TEST(id_token, refuses_alg_none_and_hs256_before_any_key_is_looked_at) {
  const auto rsa = rsa_key("r1");
  const auto keys = key_set({rsa.get()});
  const std::string none = base64url(R"({"alg":"none","kid":"r1"})") + "." + base64url(payload) + ".";
  EXPECT_EQ(verified_claims(none, keys).error(), sso_failure::algorithm_refused);

  // HS256 "signed" with what an attacker may know (e.g. the client secret), presented under the RSA key's kid.
  const std::string secret = "the client secret, known to the attacker";
  const jwk oct(cjose_jwk_create_oct_spec(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size(), nullptr));
  EXPECT_EQ(verified_claims(signed_token(oct.get(), "HS256", "r1", payload), keys).error(), sso_failure::algorithm_refused);
}

TEST(id_token, a_kid_not_in_the_keys_is_unknown_and_another_keys_signature_invalid) {
  const auto rsa = rsa_key("r1");
  const auto other = rsa_key("r1");  // same kid, other key: a forged signature
  const auto keys = key_set({rsa.get()});
  EXPECT_EQ(verified_claims(signed_token(rsa.get(), "RS256", "r2", payload), keys).error(), sso_failure::key_unknown);
  EXPECT_EQ(verified_claims(signed_token(other.get(), "RS256", "r1", payload), keys).error(),
            sso_failure::signature_invalid);
  EXPECT_EQ(verified_claims(signed_token(rsa.get(), "RS256", "", payload), keys).error(), sso_failure::key_unknown)
      << "no kid names no key";
}

TEST(id_token, a_changed_payload_breaks_the_signature) {
  const auto rsa = rsa_key("r1");
  auto token = signed_token(rsa.get(), "RS256", "r1", payload);
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  token.replace(first_dot + 1, second_dot - first_dot - 1, base64url(R"({"sub":"someone else"})"));
  EXPECT_EQ(verified_claims(token, key_set({rsa.get()})).error(), sso_failure::signature_invalid);
}

TEST(id_token, garbage_is_garbage) {
  const auto rsa = rsa_key("r1");
  EXPECT_EQ(verified_claims("not a token", key_set({rsa.get()})).error(), sso_failure::provider_garbage);
  EXPECT_EQ(verified_claims(signed_token(rsa.get(), "RS256", "r1", payload), "{\"no\":\"keys\"}").error(),
            sso_failure::provider_garbage);
}

// cjose's base64url decoder asserts (aborting the process) on a segment that
// ends in a lone symbol or a '=' after one; found by fuzz/fuzz_openid_token.
TEST(id_token, a_token_or_key_cjose_cannot_decode_is_garbage_and_the_server_lives) {
  const auto rsa = rsa_key("r1");
  const auto keys = key_set({rsa.get()});
  const auto header = base64url(R"({"alg":"RS256","kid":"r1"})");
  for (const auto& token : {header + ".e=0.AAAA", header + ".abcde.AAAA", header + "." + base64url(payload) + ".A",
                            std::string("e.") + base64url(payload) + ".AAAA", header + ".e30.AA=A"}) {
    const auto claims = verified_claims(token, keys);
    ASSERT_FALSE(claims.has_value()) << token;
    EXPECT_EQ(claims.error(), sso_failure::provider_garbage) << token;
  }
  auto broken_keys = nlohmann::json::parse(keys);
  broken_keys["keys"][0]["n"] = "abcde";
  EXPECT_EQ(verified_claims(signed_token(rsa.get(), "RS256", "r1", payload), broken_keys.dump()).error(),
            sso_failure::provider_garbage);
}

// A key set is the provider's document, up to the fetch limit of 256 KiB:
// deep nesting within the named key once overflowed the stack when the key
// was written out for cjose (found by fuzz/fuzz_openid_token). Now such a
// document is beyond the limits of JSON from outside: garbage, and the
// server lives.
TEST(id_token, a_key_set_nested_beyond_the_limits_is_garbage_without_overflow) {
  const auto rsa = rsa_key("r1");
  constexpr std::size_t depth = 120'000;  // 240 KB of brackets
  auto text = key_set({rsa.get()});
  const auto at = text.rfind("}]");  // the end of the one key
  text.insert(at, ",\"x5c\":" + std::string(depth, '[') + std::string(depth, ']'));
  const auto claims = verified_claims(signed_token(rsa.get(), "RS256", "r1", payload), text);
  ASSERT_FALSE(claims.has_value());
  EXPECT_EQ(claims.error(), sso_failure::provider_garbage);
}

// Found by fuzz/fuzz_openid_token: a kid or kty of another type than a
// string threw out of the check instead of failing as a value.
TEST(id_token, a_key_whose_kid_or_kty_is_no_string_fails_as_a_value) {
  const auto rsa = rsa_key("r1");
  const auto token = signed_token(rsa.get(), "RS256", "r1", payload);
  EXPECT_EQ(verified_claims(token, R"({"keys":[{"kid":1,"kty":"RSA"}]})").error(), sso_failure::key_unknown);
  EXPECT_EQ(verified_claims(token, R"({"keys":[{"kid":"r1","kty":7}]})").error(), sso_failure::signature_invalid);
  EXPECT_EQ(verified_claims(token, R"({"keys":[{"kid":"r1","kty":"RSA","n":5,"e":"AQAB"}]})").error(),
            sso_failure::provider_garbage);
}

// ── claims ──────────────────────────────────────────────────────────────────

const timestamp now = test_epoch;
const auto seconds_now = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();

nlohmann::json good_claims() {
  return {{"iss", "https://issuer.example"}, {"sub", "248289761001"}, {"aud", "client-1"}, {"nonce", "n-0S6"},
          {"exp", seconds_now + 300}, {"iat", seconds_now}, {"email", "alice@mail.example"}, {"email_verified", true},
          {"name", "Alice"}};
}

token_expectations expected() {
  return {.issuer = "https://issuer.example", .also_issuers = {}, .tenant = std::nullopt, .client_id = "client-1",
          .nonce = "n-0S6", .now = now};
}

TEST(id_token_claims, a_good_token_names_the_account_by_issuer_and_subject) {
  const auto identity = check_claims(good_claims(), expected());
  ASSERT_TRUE(identity.has_value()) << failure_code(identity.error());
  EXPECT_EQ(identity->issuer, "https://issuer.example");
  EXPECT_EQ(identity->subject, "248289761001");
  EXPECT_EQ(identity->email, "alice@mail.example");
  EXPECT_EQ(identity->name, "Alice");
}

TEST(id_token_claims, each_rule_refuses_with_its_own_reason) {
  const struct {
    const char* what;
    nlohmann::json change;
    sso_failure reason;
  } cases[] = {
      {"another issuer", {{"iss", "https://evil.example"}}, sso_failure::issuer_mismatch},
      {"another audience", {{"aud", "client-2"}}, sso_failure::audience_mismatch},
      {"our client among others, azp another", {{"aud", {"client-1", "client-2"}}, {"azp", "client-2"}}, sso_failure::azp_mismatch},
      {"expired past the skew", {{"exp", seconds_now - 121}}, sso_failure::token_expired},
      {"issued in the future", {{"iat", seconds_now + 121}}, sso_failure::token_not_yet_valid},
      {"not before the future", {{"nbf", seconds_now + 121}}, sso_failure::token_not_yet_valid},
      {"another nonce", {{"nonce", "replayed"}}, sso_failure::nonce_mismatch},
      {"no subject", {{"sub", ""}}, sso_failure::provider_garbage},
      {"no expiry", {{"exp", nullptr}}, sso_failure::provider_garbage},
  };
  for (const auto& c : cases) {
    auto claims = good_claims();
    claims.merge_patch(c.change);
    const auto identity = check_claims(claims, expected());
    ASSERT_FALSE(identity.has_value()) << c.what;
    EXPECT_EQ(identity.error(), c.reason) << c.what;
  }
}

TEST(id_token_claims, two_minutes_of_clock_skew_are_allowed_and_no_more) {
  auto claims = good_claims();
  claims["exp"] = seconds_now - 120;
  claims["iat"] = seconds_now + 120;
  EXPECT_TRUE(check_claims(claims, expected()).has_value());
}

// Found by fuzz/fuzz_openid_token: times at the ends of a JSON number's
// range overflowed the comparison with the skew (undefined behaviour).
TEST(id_token_claims, times_at_the_ends_of_the_number_range_compare_without_overflow) {
  auto claims = good_claims();
  claims["exp"] = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(check_claims(claims, expected()).has_value()) << "an expiry far ahead has not passed";
  claims["exp"] = std::numeric_limits<std::uint64_t>::max();
  EXPECT_TRUE(check_claims(claims, expected()).has_value()) << "nor one beyond a signed 64-bit number";
  claims["exp"] = 1e300;
  EXPECT_TRUE(check_claims(claims, expected()).has_value()) << "nor a huge fractional one";
  claims["exp"] = static_cast<double>(seconds_now) + 0.5;
  EXPECT_TRUE(check_claims(claims, expected()).has_value()) << "NumericDate may be fractional (RFC 7519 §2)";
  claims["exp"] = -1e300;
  EXPECT_EQ(check_claims(claims, expected()).error(), sso_failure::token_expired);
  claims = good_claims();
  claims["iat"] = std::numeric_limits<std::int64_t>::min();
  claims["nbf"] = -1e300;
  EXPECT_TRUE(check_claims(claims, expected()).has_value()) << "issued long ago";
  claims["nbf"] = 1e300;
  EXPECT_EQ(check_claims(claims, expected()).error(), sso_failure::token_not_yet_valid);
}

TEST(id_token_claims, an_email_counts_only_when_the_provider_verified_it) {
  auto claims = good_claims();
  claims["email_verified"] = false;
  EXPECT_EQ(check_claims(claims, expected())->email, "");
  claims.erase("email_verified");
  EXPECT_EQ(check_claims(claims, expected())->email, "");
  claims["email_verified"] = "true";  // some providers send it as text
  EXPECT_EQ(check_claims(claims, expected())->email, "alice@mail.example");
}

TEST(id_token_claims, microsofts_issuer_template_is_filled_from_tid_and_a_bound_tenant_must_match) {
  auto microsoft = expected();
  microsoft.issuer = "https://login.example/{tenantid}/v2.0";
  auto claims = good_claims();
  claims["iss"] = "https://login.example/tenant-a/v2.0";
  claims["tid"] = "tenant-a";
  EXPECT_TRUE(check_claims(claims, microsoft).has_value());
  claims["tid"] = "tenant-b";  // a token of tenant a that says it is b's
  EXPECT_EQ(check_claims(claims, microsoft).error(), sso_failure::issuer_mismatch);

  microsoft.tenant = "tenant-a";
  claims["iss"] = "https://login.example/tenant-b/v2.0";
  EXPECT_EQ(check_claims(claims, microsoft).error(), sso_failure::tenant_mismatch);
}

TEST(id_token_claims, googles_other_spelling_of_its_issuer_is_accepted_when_named) {
  auto google = expected();
  google.issuer = "https://accounts.google.com";
  auto claims = good_claims();
  claims["iss"] = "accounts.google.com";
  EXPECT_EQ(check_claims(claims, google).error(), sso_failure::issuer_mismatch);
  google.also_issuers = {"accounts.google.com"};
  EXPECT_TRUE(check_claims(claims, google).has_value());
}

}  // namespace
}  // namespace twofold::server::testing
