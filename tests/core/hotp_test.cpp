// HOTP (twofold/otp/hotp.hpp): the arithmetic around the caller's HMAC,
// checked with RFC 4226 Appendix D's intermediate values in both builds.
#include "twofold/otp/hotp.hpp"

#include <gtest/gtest.h>

#include "rfc4226_vectors.hpp"

namespace twofold::otp {
namespace {

using rfc4226::from_hex;

TEST(hotp, the_counter_message_is_eight_bytes_big_endian) {
  EXPECT_EQ(message_for_counter(0), (counter_message{0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(message_for_counter(1), (counter_message{0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(message_for_counter(0x23523EC), (counter_message{0, 0, 0, 0, 0x02, 0x35, 0x23, 0xEC}));
  EXPECT_EQ(message_for_counter(0x0102030405060708), (counter_message{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(message_for_counter(~std::uint64_t{0}),
            (counter_message{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST(hotp, dynamic_truncation_matches_rfc4226_appendix_d) {
  for (const auto& vector : rfc4226::vectors) {
    const auto truncated = dynamic_truncation(from_hex(vector.hmac_sha1_hex));
    ASSERT_TRUE(truncated) << vector.counter;
    EXPECT_EQ(*truncated, vector.truncated) << vector.counter;
  }
}

TEST(hotp, truncation_gives_the_appendix_d_codes) {
  for (const auto& vector : rfc4226::vectors) {
    const auto code = hotp_truncate(from_hex(vector.hmac_sha1_hex), 6);
    ASSERT_TRUE(code) << vector.counter;
    EXPECT_EQ(*code, vector.code) << vector.counter;
  }
}

// RFC 4226 §5.4: offset 0x5a & 0xf = 10, 0x50ef7f19 = 1357872921.
TEST(hotp, truncation_follows_the_section_5_4_example) {
  const auto hmac = from_hex("1f8698690e02ca16618550ef7f19da8e945b555a");
  EXPECT_EQ(*dynamic_truncation(hmac), 1357872921U);
  EXPECT_EQ(*hotp_truncate(hmac, 6), "872921");
  EXPECT_EQ(*hotp_truncate(hmac, 7), "7872921");
  EXPECT_EQ(*hotp_truncate(hmac, 8), "57872921");
}

TEST(hotp, the_top_bit_is_masked) {
  std::vector<std::uint8_t> hmac(20, 0xff);
  hmac.back() = 0xf0;  // offset 0: reads ff ff ff ff
  EXPECT_EQ(*dynamic_truncation(hmac), 0x7fffffffU);
  EXPECT_EQ(*hotp_truncate(hmac, 6), "483647");  // 2147483647
  EXPECT_EQ(*hotp_truncate(hmac, 8), "47483647");
}

TEST(hotp, codes_keep_their_leading_zeros) {
  std::vector<std::uint8_t> hmac(20, 0);
  hmac[3] = 42;  // offset 0 (last byte 0): the value 42
  EXPECT_EQ(*hotp_truncate(hmac, 6), "000042");
  EXPECT_EQ(*hotp_truncate(hmac, 8), "00000042");
}

TEST(hotp, the_largest_offset_reads_bytes_15_to_18) {
  std::vector<std::uint8_t> hmac(20, 0);
  hmac[15] = 0x01;
  hmac[16] = 0x02;
  hmac[17] = 0x03;
  hmac[18] = 0x04;
  hmac[19] = 0x0f;
  EXPECT_EQ(*dynamic_truncation(hmac), 0x01020304U);
}

TEST(hotp, longer_digests_are_truncated_the_same_way) {
  std::vector<std::uint8_t> hmac(64, 0);
  hmac[5] = 0x80;  // the masked top bit
  hmac[8] = 0x07;
  hmac[63] = 0x05;
  EXPECT_EQ(*dynamic_truncation(hmac), 7U);
}

TEST(hotp, refuses_digits_outside_6_to_8) {
  const auto hmac = from_hex(rfc4226::vectors[0].hmac_sha1_hex);
  for (const int digits : {-1, 0, 1, 5, 9, 10, 1000}) {
    const auto code = hotp_truncate(hmac, digits);
    ASSERT_FALSE(code) << digits;
    EXPECT_EQ(code.error(), otp_error::digits_out_of_range);
  }
  EXPECT_EQ(*hotp_truncate(hmac, 7), "4755224");  // 1284755224
}

TEST(hotp, refuses_an_hmac_shorter_than_sha1) {
  for (const std::size_t size : {0U, 1U, 19U}) {
    const std::vector<std::uint8_t> hmac(size, 0);
    EXPECT_EQ(dynamic_truncation(hmac).error(), otp_error::hmac_too_short) << size;
    EXPECT_EQ(hotp_truncate(hmac, 6).error(), otp_error::hmac_too_short) << size;
  }
}

TEST(hotp, computes_the_appendix_d_codes_through_the_callers_hmac) {
  const auto key = rfc4226::secret_bytes();
  for (const auto& vector : rfc4226::vectors) {
    const auto code = hotp(rfc4226::table_hmac(), hmac_algorithm::sha1, key, vector.counter, 6);
    ASSERT_TRUE(code) << vector.counter;
    EXPECT_EQ(*code, vector.code);
  }
}

TEST(hotp, passes_the_algorithm_key_and_counter_message_to_the_hmac) {
  std::vector<std::uint8_t> seen_key;
  std::vector<std::uint8_t> seen_message;
  hmac_algorithm seen_algorithm = hmac_algorithm::sha1;
  const hmac_function recorder = [&](hmac_algorithm algorithm, std::span<const std::uint8_t> key,
                                     std::span<const std::uint8_t> message) {
    seen_algorithm = algorithm;
    seen_key.assign(key.begin(), key.end());
    seen_message.assign(message.begin(), message.end());
    return std::vector<std::uint8_t>(32, 0);
  };
  const std::vector<std::uint8_t> key{1, 2, 3};
  EXPECT_EQ(*hotp(recorder, hmac_algorithm::sha256, key, 0x0102, 6), "000000");
  EXPECT_EQ(seen_algorithm, hmac_algorithm::sha256);
  EXPECT_EQ(seen_key, key);
  EXPECT_EQ(seen_message, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 1, 2}));
}

TEST(hotp, refuses_a_digest_of_the_wrong_size_for_the_algorithm) {
  const hmac_function sha1_sized = [](hmac_algorithm, std::span<const std::uint8_t>, std::span<const std::uint8_t>) {
    return std::vector<std::uint8_t>(20, 0);
  };
  EXPECT_EQ(hotp(sha1_sized, hmac_algorithm::sha256, {}, 0, 6).error(), otp_error::hmac_size_mismatch);
  EXPECT_EQ(hotp(sha1_sized, hmac_algorithm::sha512, {}, 0, 6).error(), otp_error::hmac_size_mismatch);
  EXPECT_TRUE(hotp(sha1_sized, hmac_algorithm::sha1, {}, 0, 6));
  EXPECT_EQ(hotp(sha1_sized, hmac_algorithm::sha1, {}, 0, 9).error(), otp_error::digits_out_of_range);
}

TEST(hotp, algorithms_have_their_otpauth_names_and_digest_sizes) {
  EXPECT_EQ(algorithm_name(hmac_algorithm::sha1), "SHA1");
  EXPECT_EQ(algorithm_name(hmac_algorithm::sha256), "SHA256");
  EXPECT_EQ(algorithm_name(hmac_algorithm::sha512), "SHA512");
  EXPECT_EQ(digest_size(hmac_algorithm::sha1), 20U);
  EXPECT_EQ(digest_size(hmac_algorithm::sha256), 32U);
  EXPECT_EQ(digest_size(hmac_algorithm::sha512), 64U);
  EXPECT_EQ(parse_algorithm("SHA1"), hmac_algorithm::sha1);
  EXPECT_EQ(parse_algorithm("sha256"), hmac_algorithm::sha256);
  EXPECT_EQ(parse_algorithm("Sha512"), hmac_algorithm::sha512);
  for (const char* name : {"", "SHA", "SHA-1", "SHA384", "MD5", "SHA1 ", "SHA5120"}) {
    EXPECT_EQ(parse_algorithm(name), std::nullopt) << name;
  }
}

TEST(hotp, codes_equal_compares_whole_codes) {
  EXPECT_TRUE(codes_equal("123456", "123456"));
  EXPECT_TRUE(codes_equal("", ""));
  EXPECT_FALSE(codes_equal("123456", "123457"));
  EXPECT_FALSE(codes_equal("123456", "023456"));
  EXPECT_FALSE(codes_equal("123456", "12345"));
  EXPECT_FALSE(codes_equal("123456", "1234567"));
}

TEST(hotp, errors_have_stable_names) {
  EXPECT_EQ(error_code(otp_error::digits_out_of_range), "digits_out_of_range");
  EXPECT_EQ(error_code(otp_error::hmac_too_short), "hmac_too_short");
  EXPECT_EQ(error_code(otp_error::hmac_size_mismatch), "hmac_size_mismatch");
  EXPECT_EQ(error_code(otp_error::period_out_of_range), "period_out_of_range");
  EXPECT_EQ(error_code(otp_error::time_before_start), "time_before_start");
}

}  // namespace
}  // namespace twofold::otp
