#pragma once
// Persistence records of two-factor authentication. Secrets never appear in
// the clear: a TOTP secret and an SMS number are sealed with the server key
// (two_factor/server_key.hpp), and sent and backup codes are kept as keyed hashes.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace twofold::server {

// The method a user signs in with. method is "email" | "app" | "sms".
struct two_factor_record {
  row_id user_id = 0;
  std::string method;
  std::vector<std::uint8_t> sealed_secret;   // app only: nonce + secretbox of the TOTP key
  std::vector<std::uint8_t> sealed_phone;    // sms only: nonce + secretbox of the E.164 number
  std::optional<std::int64_t> last_totp_step;  // app only: the last time step accepted (replay guard)
  timestamp enabled_at{};
  std::optional<timestamp> backup_codes_downloaded_at;  // reset when new codes are made
};

// A method being set up: pending until a code proves the user holds it.
struct two_factor_setup_record {
  row_id user_id = 0;
  std::string method;                       // "email" | "app" | "sms"
  std::vector<std::uint8_t> sealed_secret;  // app only
  std::vector<std::uint8_t> sealed_phone;   // sms only: the number being set up
  std::optional<code_hash> sent_code;       // email and sms: the code last sent
  std::optional<timestamp> last_sent_at;    // email and sms
  int attempts = 0;                         // codes tried so far
  timestamp expires_at{};
};

struct backup_code_record {
  int number = 0;  // 1..10, the position the user saw it in
  code_hash hash{};
  std::optional<timestamp> used_at;
};

// A user's backup codes, created together.
struct backup_code_set {
  row_id user_id = 0;
  timestamp created_at{};
  std::vector<backup_code_record> codes;
};

// One more second-factor code for a user (storage::claim_code_attempt):
// counted only while the user is not locked and has had fewer than
// max_failures wrong codes; a timed lock that has run out at `now` is
// cleared first.
struct code_attempt {
  row_id user_id = 0;
  int max_failures = 0;
  timestamp now{};
};

}  // namespace twofold::server
