// otpauth URIs (twofold/otp/otpauth_uri.hpp): building, parsing, and the
// round trip between them.
#include "twofold/otp/otpauth_uri.hpp"

#include <gtest/gtest.h>

#include <string>

namespace twofold::otp {
namespace {

using std::chrono::seconds;

// "12345678901234567890", base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
const std::vector<std::uint8_t> secret{'1', '2', '3', '4', '5', '6', '7', '8', '9', '0',
                                       '1', '2', '3', '4', '5', '6', '7', '8', '9', '0'};
constexpr std::string_view secret_base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

otpauth_key example_key() {
  return {.issuer = "Twofold", .account = "alice@acme.example", .secret = secret};
}

otpauth_error parse_error(std::string_view uri) {
  const auto parsed = parse_otpauth_uri(uri);
  EXPECT_FALSE(parsed) << uri;
  return parsed ? otpauth_error::malformed_uri : parsed.error();
}

std::string with_secret(std::string_view rest) {
  return "otpauth://totp/Twofold:alice?secret=" + std::string(secret_base32) + std::string(rest);
}

TEST(build_otpauth_uri, writes_every_parameter) {
  EXPECT_EQ(*build_otpauth_uri(example_key()),
            "otpauth://totp/Twofold:alice%40acme.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Twofold&algorithm=SHA1&digits=6&period=30");
}

TEST(build_otpauth_uri, writes_the_chosen_settings) {
  auto key = example_key();
  key.algorithm = hmac_algorithm::sha512;
  key.digits = 8;
  key.period = seconds{60};
  EXPECT_EQ(*build_otpauth_uri(key),
            "otpauth://totp/Twofold:alice%40acme.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Twofold&algorithm=SHA512&digits=8&period=60");
}

TEST(build_otpauth_uri, percent_encodes_everything_but_unreserved_characters) {
  auto key = example_key();
  key.issuer = "Twofold (Acme & Co)";
  key.account = "Zhāng Wěi+1/2?#=~._-";
  const auto uri = build_otpauth_uri(key);
  EXPECT_EQ(*uri,
            "otpauth://totp/Twofold%20%28Acme%20%26%20Co%29:Zh%C4%81ng%20W%C4%9Bi%2B1%2F2%3F%23%3D~._-"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Twofold%20%28Acme%20%26%20Co%29"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(*parse_otpauth_uri(*uri), key);
}

TEST(build_otpauth_uri, writes_chinese_names_as_utf8) {
  auto key = example_key();
  key.issuer = "双因素";
  key.account = "王伟";
  const auto uri = build_otpauth_uri(key);
  EXPECT_EQ(uri->substr(0, 52), "otpauth://totp/%E5%8F%8C%E5%9B%A0%E7%B4%A0:%E7%8E%8B");
  EXPECT_EQ(*parse_otpauth_uri(*uri), key);
}

TEST(build_otpauth_uri, refuses_keys_that_break_a_rule) {
  const auto error_for = [](auto change) {
    auto key = example_key();
    change(key);
    const auto uri = build_otpauth_uri(key);
    EXPECT_FALSE(uri);
    return uri ? otpauth_error::malformed_uri : uri.error();
  };
  EXPECT_EQ(error_for([](otpauth_key& k) { k.issuer = ""; }), otpauth_error::invalid_issuer);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.issuer = "A:B"; }), otpauth_error::invalid_issuer);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.issuer = "A\nB"; }), otpauth_error::invalid_issuer);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.issuer = "\xff"; }), otpauth_error::invalid_issuer);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.account = ""; }), otpauth_error::invalid_account);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.account = "a:b"; }), otpauth_error::invalid_account);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.account = std::string("a\0b", 3); }), otpauth_error::invalid_account);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.secret.resize(15); }), otpauth_error::secret_too_short);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.digits = 5; }), otpauth_error::invalid_digits);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.digits = 9; }), otpauth_error::invalid_digits);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.period = seconds{0}; }), otpauth_error::invalid_period);
  EXPECT_EQ(error_for([](otpauth_key& k) { k.period = max_period + seconds{1}; }), otpauth_error::invalid_period);
  auto shortest = example_key();
  shortest.secret.resize(min_secret_bytes);
  EXPECT_TRUE(build_otpauth_uri(shortest));
}

TEST(parse_otpauth_uri, reads_what_build_writes) {
  for (const auto algorithm : {hmac_algorithm::sha1, hmac_algorithm::sha256, hmac_algorithm::sha512}) {
    for (const int digits : {6, 7, 8}) {
      auto key = example_key();
      key.algorithm = algorithm;
      key.digits = digits;
      key.period = seconds{digits * 10};
      EXPECT_EQ(*parse_otpauth_uri(*build_otpauth_uri(key)), key);
    }
  }
}

TEST(parse_otpauth_uri, fills_in_the_defaults) {
  const auto key = parse_otpauth_uri(with_secret(""));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->issuer, "Twofold");
  EXPECT_EQ(key->account, "alice");
  EXPECT_EQ(key->secret, secret);
  EXPECT_EQ(key->algorithm, hmac_algorithm::sha1);
  EXPECT_EQ(key->digits, 6);
  EXPECT_EQ(key->period, seconds{30});
  EXPECT_EQ(parameters_of(*key).period, seconds{30});
}

TEST(parse_otpauth_uri, accepts_the_variants_the_format_allows) {
  const auto parsed = [](std::string_view uri) {
    const auto key = parse_otpauth_uri(uri);
    EXPECT_TRUE(key) << uri;
    return key ? *key : otpauth_key{};
  };
  EXPECT_EQ(parsed("OTPAUTH://TOTP/Twofold:alice?secret=gezdgnbvgy3tqojqgezdgnbvgy3tqojq").secret, secret);
  EXPECT_EQ(parsed("otpauth://totp/Twofold%3Aalice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").issuer, "Twofold");
  EXPECT_EQ(parsed("otpauth://totp/Twofold:%20%20alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").account, "alice");
  EXPECT_EQ(parsed("otpauth://totp/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").issuer, "");
  EXPECT_EQ(parsed("otpauth://totp/alice?issuer=Acme&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").issuer, "Acme");
  // Padding, though the format omits it: 16 bytes take 26 symbols and 6 '='.
  EXPECT_EQ(parsed("otpauth://totp/Twofold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY%3D%3D%3D%3D%3D%3D").secret.size(),
            16U);
  EXPECT_EQ(parsed("otpauth://totp/Twofold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY======").secret.size(), 16U);
  EXPECT_EQ(parsed(with_secret("&image=https%3A%2F%2Fexample.com%2Flogo.png&counter=7")).digits, 6);
  EXPECT_EQ(parsed(with_secret("&algorithm=sha256&digits=8&period=60")).algorithm, hmac_algorithm::sha256);
  EXPECT_EQ(parsed("otpauth://totp/Twofold:alice?period=60&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").period,
            seconds{60});
  EXPECT_EQ(parsed("otpauth://totp/A+B:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").issuer, "A+B");
  EXPECT_EQ(parsed(with_secret("&&issuer=Twofold&")).issuer, "Twofold");
}

TEST(parse_otpauth_uri, refuses_other_uris_and_types) {
  EXPECT_EQ(parse_error("https://totp/Twofold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::not_otpauth);
  EXPECT_EQ(parse_error("otpauth:totp/Twofold:alice"), otpauth_error::not_otpauth);
  EXPECT_EQ(parse_error(""), otpauth_error::not_otpauth);
  EXPECT_EQ(parse_error("otpauth://hotp/Twofold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"),
            otpauth_error::unsupported_type);
  EXPECT_EQ(parse_error("otpauth://totpx/Twofold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::unsupported_type);
  EXPECT_EQ(parse_error("otpauth://"), otpauth_error::unsupported_type);
}

TEST(parse_otpauth_uri, refuses_text_that_is_not_a_uri) {
  EXPECT_EQ(parse_error(with_secret("&issuer=Two fold")), otpauth_error::malformed_uri);
  EXPECT_EQ(parse_error("otpauth://totp/王伟?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), otpauth_error::malformed_uri);
  EXPECT_EQ(parse_error(with_secret("#fragment")), otpauth_error::malformed_uri);
  EXPECT_EQ(parse_error(with_secret("\n")), otpauth_error::malformed_uri);
  EXPECT_EQ(parse_error(with_secret("&issuer=\"x\"")), otpauth_error::malformed_uri);
}

TEST(parse_otpauth_uri, refuses_bad_percent_encoding) {
  EXPECT_EQ(parse_error("otpauth://totp/Two%2:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_percent_encoding);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice%?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_percent_encoding);
  EXPECT_EQ(parse_error(with_secret("&issuer=Twofold%G0")), otpauth_error::invalid_percent_encoding);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ%"),
            otpauth_error::invalid_percent_encoding);
}

TEST(parse_otpauth_uri, refuses_bad_labels) {
  EXPECT_EQ(parse_error("otpauth://totp/A:B:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_label);
  EXPECT_EQ(parse_error("otpauth://totp/:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_issuer);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_account);
  EXPECT_EQ(parse_error("otpauth://totp/?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), otpauth_error::invalid_account);
  EXPECT_EQ(parse_error("otpauth://totp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), otpauth_error::unsupported_type);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:al%0Aice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_account);
  EXPECT_EQ(parse_error("otpauth://totp/Two%FFfold:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_issuer);
  EXPECT_EQ(parse_error(with_secret("&issuer=A%3AB")), otpauth_error::issuer_mismatch);
  EXPECT_EQ(parse_error("otpauth://totp/alice?issuer=A%3AB&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_issuer);
}

TEST(parse_otpauth_uri, refuses_an_issuer_parameter_that_differs_from_the_label) {
  EXPECT_EQ(parse_error(with_secret("&issuer=Evil")), otpauth_error::issuer_mismatch);
  EXPECT_EQ(parse_error(with_secret("&issuer=twofold")), otpauth_error::issuer_mismatch);
  EXPECT_EQ(parse_error(with_secret("&issuer=")), otpauth_error::issuer_mismatch);
}

TEST(parse_otpauth_uri, refuses_duplicated_parameters) {
  EXPECT_EQ(parse_error(with_secret("&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")), otpauth_error::duplicate_parameter);
  EXPECT_EQ(parse_error(with_secret("&digits=6&digits=8")), otpauth_error::duplicate_parameter);
  EXPECT_EQ(parse_error(with_secret("&issuer=Twofold&issuer=Twofold")), otpauth_error::duplicate_parameter);
  EXPECT_EQ(parse_error(with_secret("&%64igits=6&digits=6")), otpauth_error::duplicate_parameter);
}

TEST(parse_otpauth_uri, refuses_bad_secrets) {
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice"), otpauth_error::missing_secret);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice?secret="), otpauth_error::missing_secret);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice?secret"), otpauth_error::missing_secret);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice?secret=GEZDGNBVGY3TQOJ1GEZDGNBVGY3TQOJQ"),
            otpauth_error::invalid_secret);
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice?secret=GEZDGN"), otpauth_error::invalid_secret);
  // 10 bytes (80 bits), common in the wild, is below RFC 4226's 128.
  EXPECT_EQ(parse_error("otpauth://totp/Twofold:alice?secret=JBSWY3DPEHPK3PXP"), otpauth_error::secret_too_short);
}

TEST(parse_otpauth_uri, refuses_bad_settings) {
  EXPECT_EQ(parse_error(with_secret("&algorithm=MD5")), otpauth_error::unsupported_algorithm);
  EXPECT_EQ(parse_error(with_secret("&algorithm=")), otpauth_error::unsupported_algorithm);
  EXPECT_EQ(parse_error(with_secret("&algorithm=SHA%2D1")), otpauth_error::unsupported_algorithm);
  for (const char* digits : {"", "5", "9", "06x", "-6", "+6", "6.0", "0000006", "99999999999"}) {
    EXPECT_EQ(parse_error(with_secret("&digits=" + std::string(digits))), otpauth_error::invalid_digits) << digits;
  }
  for (const char* period : {"", "0", "-30", "30s", "86401", "9999999"}) {
    EXPECT_EQ(parse_error(with_secret("&period=" + std::string(period))), otpauth_error::invalid_period) << period;
  }
  EXPECT_EQ(parse_otpauth_uri(with_secret("&digits=000008"))->digits, 8);
  EXPECT_EQ(parse_otpauth_uri(with_secret("&period=86400"))->period, max_period);
}

TEST(otpauth_uri, errors_have_stable_names) {
  EXPECT_EQ(error_code(otpauth_error::malformed_uri), "malformed_uri");
  EXPECT_EQ(error_code(otpauth_error::issuer_mismatch), "issuer_mismatch");
  EXPECT_EQ(error_code(otpauth_error::duplicate_parameter), "duplicate_parameter");
  EXPECT_EQ(error_code(otpauth_error::secret_too_short), "secret_too_short");
  EXPECT_EQ(error_code(otpauth_error::invalid_period), "invalid_period");
}

}  // namespace
}  // namespace twofold::otp
