#include "two_factor/random_secrets.hpp"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>

#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/code_format.hpp"
#include "twofold/otp/hotp.hpp"

namespace twofold::server {

std::string new_sent_code() {
  static_assert(otp::code_length == 6);
  const std::uint32_t value = randombytes_uniform(1'000'000);  // no modulo bias
  char digits[8];
  std::snprintf(digits, sizeof digits, "%06u", static_cast<unsigned>(value));
  return digits;
}

std::vector<std::uint8_t> new_totp_secret() {
  std::vector<std::uint8_t> secret(otp::recommended_secret_bytes);
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::vector<std::string> new_backup_codes() {
  std::vector<std::uint8_t> random(otp::backup_code_random_bytes * otp::backup_codes_per_set);
  randombytes_buf(random.data(), random.size());
  auto codes = otp::format_backup_codes(random);
  sodium_memzero(random.data(), random.size());
  if (!codes) throw std::logic_error("backup code random size");
  return *std::move(codes);
}

std::string new_backup_code() {
  std::vector<std::uint8_t> random(otp::backup_code_random_bytes);
  randombytes_buf(random.data(), random.size());
  auto code = otp::format_backup_code(random);
  sodium_memzero(random.data(), random.size());
  if (!code) throw std::logic_error("backup code random size");
  return *std::move(code);
}

}  // namespace twofold::server
