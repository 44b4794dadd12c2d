// TOTP and HOTP with a real HMAC (OpenSSL's), native build only: RFC 6238
// Appendix B in full, and RFC 4226 Appendix D's HMAC values, which the
// crypto-free tests of both builds rely on, checked against OpenSSL.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <gtest/gtest.h>

#include <string_view>

#include "rfc4226_vectors.hpp"
#include "twofold/otp/totp.hpp"

namespace twofold::otp {
namespace {

const EVP_MD* openssl_digest(hmac_algorithm algorithm) {
  switch (algorithm) {
    case hmac_algorithm::sha1: return EVP_sha1();
    case hmac_algorithm::sha256: return EVP_sha256();
    case hmac_algorithm::sha512: return EVP_sha512();
  }
  return nullptr;
}

std::vector<std::uint8_t> openssl_hmac(hmac_algorithm algorithm, std::span<const std::uint8_t> key,
                                       std::span<const std::uint8_t> message) {
  std::vector<std::uint8_t> digest(EVP_MAX_MD_SIZE);
  unsigned size = 0;
  if (HMAC(openssl_digest(algorithm), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           digest.data(), &size) == nullptr) {
    return {};
  }
  digest.resize(size);
  return digest;
}

std::vector<std::uint8_t> ascii(std::string_view text) { return {text.begin(), text.end()}; }

// RFC 6238 Appendix B: the seed for each mode is "1234567890" repeated to
// the digest size (20, 32 and 64 bytes).
std::vector<std::uint8_t> rfc6238_key(hmac_algorithm algorithm) {
  std::string seed;
  while (seed.size() < digest_size(algorithm)) seed += "1234567890";
  return ascii(std::string_view(seed).substr(0, digest_size(algorithm)));
}

struct rfc6238_row {
  std::int64_t time;
  hmac_algorithm algorithm;
  std::string_view totp;
};

constexpr hmac_algorithm sha1 = hmac_algorithm::sha1;
constexpr hmac_algorithm sha256 = hmac_algorithm::sha256;
constexpr hmac_algorithm sha512 = hmac_algorithm::sha512;

constexpr std::array<rfc6238_row, 18> rfc6238_appendix_b{{
    {59, sha1, "94287082"},          {59, sha256, "46119246"},          {59, sha512, "90693936"},
    {1111111109, sha1, "07081804"},  {1111111109, sha256, "68084774"},  {1111111109, sha512, "25091201"},
    {1111111111, sha1, "14050471"},  {1111111111, sha256, "67062674"},  {1111111111, sha512, "99943326"},
    {1234567890, sha1, "89005924"},  {1234567890, sha256, "91819424"},  {1234567890, sha512, "93441116"},
    {2000000000, sha1, "69279037"},  {2000000000, sha256, "90698825"},  {2000000000, sha512, "38618901"},
    {20000000000, sha1, "65353130"}, {20000000000, sha256, "77737706"}, {20000000000, sha512, "47863826"},
}};

timestamp at(std::int64_t unix_seconds) { return timestamp{std::chrono::seconds{unix_seconds}}; }

TEST(totp_openssl, the_rfc4226_table_is_openssls_hmac_sha1) {
  for (const auto& vector : rfc4226::vectors) {
    const auto message = message_for_counter(vector.counter);
    EXPECT_EQ(openssl_hmac(sha1, rfc4226::secret_bytes(), message), rfc4226::from_hex(vector.hmac_sha1_hex))
        << vector.counter;
  }
}

TEST(totp_openssl, hotp_gives_rfc4226_appendix_d) {
  for (const auto& vector : rfc4226::vectors) {
    EXPECT_EQ(*hotp(openssl_hmac, sha1, rfc4226::secret_bytes(), vector.counter, 6), vector.code) << vector.counter;
  }
}

TEST(totp_openssl, totp_gives_rfc6238_appendix_b) {
  for (const auto& row : rfc6238_appendix_b) {
    const totp_parameters parameters{.algorithm = row.algorithm, .digits = 8};
    const auto code = totp(openssl_hmac, rfc6238_key(row.algorithm), parameters, at(row.time));
    ASSERT_TRUE(code) << row.time;
    EXPECT_EQ(*code, row.totp) << row.time << " " << algorithm_name(row.algorithm);
  }
}

TEST(totp_openssl, verify_accepts_each_appendix_b_code_once) {
  for (const auto& row : rfc6238_appendix_b) {
    const totp_parameters parameters{.algorithm = row.algorithm, .digits = 8};
    const auto key = rfc6238_key(row.algorithm);
    const auto step = totp_verify(openssl_hmac, key, parameters, row.totp, at(row.time), std::nullopt);
    ASSERT_TRUE(step) << row.time;
    EXPECT_EQ(*step, *totp_step(parameters, at(row.time)));
    EXPECT_EQ(totp_verify(openssl_hmac, key, parameters, row.totp, at(row.time + 30), *step).error(),
              verify_failure::replayed);
    EXPECT_EQ(totp_verify(openssl_hmac, key, parameters, row.totp, at(row.time + 90), std::nullopt).error(),
              verify_failure::wrong_code);
  }
}

}  // namespace
}  // namespace twofold::otp
