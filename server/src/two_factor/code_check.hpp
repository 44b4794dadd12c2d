#pragma once
// Checking a typed code against what the server keeps. Every comparison of
// secrets is constant-time: TOTP codes by otp::codes_equal, code hashes by
// sodium_memcmp, and every backup code is compared (no early exit).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/admin_code_record.hpp"
#include "storage/two_factor_records.hpp"
#include "two_factor/server_key.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

// The time step a TOTP code matches (current step ±1, later than
// last_used_step), for the secret sealed in `sealed_secret`. Empty when the
// code is wrong or replayed, or the secret cannot be opened.
[[nodiscard]] std::optional<std::int64_t> matching_totp_step(const server_key& key,
                                                             std::span<const std::uint8_t> sealed_secret,
                                                             std::string_view code, timestamp now,
                                                             std::optional<std::int64_t> last_used_step);

// Whether `code` is the code sent (by email or SMS) whose hash is `stored`.
[[nodiscard]] bool sent_code_matches(const server_key& key, row_id user_id, const std::optional<code_hash>& stored,
                                      std::string_view code);

// The number of the unused backup code equal to `canonical` (the core's
// normalized form), if any.
[[nodiscard]] std::optional<int> matching_backup_code(const server_key& key, const backup_code_set& codes,
                                                      std::string_view canonical);

// Whether `canonical` (the core's normalized backup-code form) is the
// administrator's code `stored` and that code has not expired at `now`.
[[nodiscard]] bool admin_code_matches(const server_key& key, const std::optional<admin_code_record>& stored,
                                      std::string_view canonical, timestamp now);

// A new set for storage: the keyed hashes of `display_codes` (display form),
// numbered from 1 in order.
[[nodiscard]] backup_code_set hashed_backup_codes(const server_key& key, row_id user_id,
                                                  const std::vector<std::string>& display_codes, timestamp now);

}  // namespace twofold::server
