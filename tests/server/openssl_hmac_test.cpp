// The HMAC behind every authenticator-app code check, against RFC 2202's and
// RFC 4231's test vectors for each algorithm an otpauth URI may name, with
// keys of different lengths one after the other (each call sets its own key
// on a copy of one prepared context).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "two_factor/openssl_hmac.hpp"

namespace twofold::server::testing {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

std::string hex_of(const std::vector<std::uint8_t>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (const std::uint8_t byte : bytes) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0xf];
  }
  return hex;
}

TEST(openssl_hmac, gives_the_rfc_test_vectors_for_each_algorithm) {
  const auto hmac = openssl_hmac();
  const std::vector<std::uint8_t> key(20, 0x0b);
  const auto message = bytes_of("Hi There");
  EXPECT_EQ(hex_of(hmac(otp::hmac_algorithm::sha1, key, message)), "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(hex_of(hmac(otp::hmac_algorithm::sha256, key, message)),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hex_of(hmac(otp::hmac_algorithm::sha512, key, message)),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
            "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
  EXPECT_EQ(hex_of(hmac(otp::hmac_algorithm::sha1, bytes_of("Jefe"), bytes_of("what do ya want for nothing?"))),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
      << "a shorter key after a longer one";
  EXPECT_EQ(hex_of(hmac(otp::hmac_algorithm::sha1, key, message)), "b617318655057264e28bc0b6fb378c8ef146be00")
      << "and the first again";
  EXPECT_EQ(hex_of(hmac(otp::hmac_algorithm::sha1, {}, message)), "69536cc84eee5fe51c5b051aff8485f5c9ef0b58")
      << "an empty key is a key too (Python's hmac)";
}

}  // namespace
}  // namespace twofold::server::testing
