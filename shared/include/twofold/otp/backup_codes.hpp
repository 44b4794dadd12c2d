#pragma once
// Backup codes (NIST SP 800-63B rev. 4 "look-up secrets"): single-use codes
// for signing in without the authenticator app, shown once and printed or
// saved by the user.
//
// Each code carries 70 random bits (at least 64 are required) as 14 symbols
// of Crockford's base32 (0-9 A-Z without I, L, O, U: no letter that reads
// like a digit), shown in groups of 4: "7QXK-M2D9-AB3F-4P". The random bytes
// come from the caller (the server's CSPRNG); the core only formats them.
//
// Typed codes are read leniently: any case, white space and dashes ignored,
// full-width forms folded, and the letters people confuse mapped as
// Crockford defines (I and L -> 1, O -> 0). The canonical form, which the
// server hashes and compares, is the 14 upper-case symbols without hyphens.
// Rules for typed codes, the first failed is reported: invalid_utf8,
// required, invalid_backup_code (a symbol outside the alphabet, e.g. U, or
// not 14 symbols); message keys "validation.<code>".
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/result.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::otp {

inline constexpr std::size_t backup_code_symbols = 14;      // 14 x 5 = 70 bits
inline constexpr std::size_t backup_code_random_bytes = 9;  // 72 bits in, the first 70 used
inline constexpr std::size_t backup_code_group_size = 4;
inline constexpr std::size_t backup_codes_per_set = 10;
// Product rule: with this many unused codes or fewer, the user is asked to
// generate a new set while they can still sign in with one (NIST SP 800-63B
// sets no number). Two of ten: a lost phone still leaves a second chance.
inline constexpr int few_backup_codes_left = 2;

enum class backup_code_error {
  wrong_random_size,  // not a whole number of backup_code_random_bytes, or none
};

[[nodiscard]] std::string_view error_code(backup_code_error error);

// One code, display form, from exactly backup_code_random_bytes random bytes.
[[nodiscard]] result<std::string, backup_code_error> format_backup_code(std::span<const std::uint8_t> random);

// One code per backup_code_random_bytes of `random` (so a set of 10 takes 90 bytes).
[[nodiscard]] result<std::vector<std::string>, backup_code_error> format_backup_codes(
    std::span<const std::uint8_t> random);

struct backup_code_validation {
  field_errors errors;  // empty when the code is well-formed
  std::string code;     // canonical: 14 symbols, no hyphens; meaningful only when errors is empty

  [[nodiscard]] bool ok() const { return errors.empty(); }
};

// `field` names the form field in the error ("backup_code" by default).
[[nodiscard]] backup_code_validation normalize_backup_code(std::string_view typed,
                                                           std::string_view field = "backup_code");

// The display form of a canonical code: groups of 4 joined by '-'.
[[nodiscard]] std::string group_backup_code(std::string_view canonical);

// Whether `unused` codes (>= 0) of a set are few enough to ask for a new set.
[[nodiscard]] constexpr bool backup_codes_running_low(int unused) { return unused <= few_backup_codes_left; }

}  // namespace twofold::otp
