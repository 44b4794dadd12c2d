#include "two_factor/code_check.hpp"

#include <sodium.h>

#include "two_factor/openssl_hmac.hpp"
#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/totp.hpp"

namespace twofold::server {

std::optional<std::int64_t> matching_totp_step(const server_key& key, std::span<const std::uint8_t> sealed_secret,
                                               std::string_view code, timestamp now,
                                               std::optional<std::int64_t> last_used_step) {
  auto secret = key.open(sealed_secret);
  if (!secret) return std::nullopt;
  const std::optional<std::uint64_t> last =
      last_used_step ? std::optional(static_cast<std::uint64_t>(*last_used_step)) : std::nullopt;
  const auto step = otp::totp_verify(openssl_hmac(), *secret, otp::totp_parameters{}, code, now, last);
  sodium_memzero(secret->data(), secret->size());
  if (!step) return std::nullopt;
  return static_cast<std::int64_t>(*step);
}

bool sent_code_matches(const server_key& key, row_id user_id, const std::optional<code_hash>& stored,
                        std::string_view code) {
  if (!stored) return false;
  return hashes_equal(key.hash_code(server_key::code_purpose::sent_code, user_id, code), *stored);
}

std::optional<int> matching_backup_code(const server_key& key, const backup_code_set& codes,
                                        std::string_view canonical) {
  const code_hash typed = key.hash_code(server_key::code_purpose::backup_code, codes.user_id, canonical);
  std::optional<int> found;
  for (const backup_code_record& code : codes.codes) {
    const bool equal = hashes_equal(typed, code.hash);  // every code is compared
    if (equal && !code.used_at) found = code.number;
  }
  return found;
}

bool admin_code_matches(const server_key& key, const std::optional<admin_code_record>& stored,
                        std::string_view canonical, timestamp now) {
  if (!stored) return false;
  const bool equal =
      hashes_equal(key.hash_code(server_key::code_purpose::admin_code, stored->user_id, canonical), stored->hash);
  return equal && now < stored->expires_at;
}

backup_code_set hashed_backup_codes(const server_key& key, row_id user_id,
                                    const std::vector<std::string>& display_codes, timestamp now) {
  backup_code_set set{.user_id = user_id, .created_at = now, .codes = {}};
  int number = 0;
  for (const std::string& display : display_codes) {
    const auto canonical = otp::normalize_backup_code(display).code;
    set.codes.push_back(backup_code_record{
        .number = ++number,
        .hash = key.hash_code(server_key::code_purpose::backup_code, user_id, canonical),
        .used_at = std::nullopt,
    });
  }
  return set;
}

}  // namespace twofold::server
