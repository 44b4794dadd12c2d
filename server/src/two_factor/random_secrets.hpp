#pragma once
// The random values of two-factor authentication, from libsodium's CSPRNG.
// Formats are the core's (twofold/otp/...); only the randomness is here.
#include <cstdint>
#include <string>
#include <vector>

namespace twofold::server {

// A code to send by email or SMS: six decimal digits, uniform over 000000..999999.
[[nodiscard]] std::string new_sent_code();

// A TOTP key: 160 bits (RFC 4226 §4 R6 recommends 160).
[[nodiscard]] std::vector<std::uint8_t> new_totp_secret();

// otp::backup_codes_per_set codes of 70 random bits each, in display form.
[[nodiscard]] std::vector<std::string> new_backup_codes();

// One code of the same format and strength, in display form.
[[nodiscard]] std::string new_backup_code();

}  // namespace twofold::server
