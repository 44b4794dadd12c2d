#pragma once
// A phone number for SMS codes, as a person types it, checked and brought to
// E.164 ("+447700900123"): in the browser before it is sent and on the
// server, which keeps only that form (ITU-T E.164; RFC 3966 §5.1.4 calls it
// a global number).
//
// normalize_phone(region, typed):
//  - White space, dashes, dots and parentheses are dropped; full-width forms
//    (from CJK input methods) fold to ASCII. What is left must be digits,
//    with at most a leading '+'.
//  - A leading '+' or "00" means the number is international already: the
//    calling code comes from its digits and `region` is not looked at.
//    Otherwise the number is national, in `region`'s country.
//  - A leading trunk prefix is dropped, in international form too (so
//    "+44 (0)7700 900123" is read as people write it): no mobile number
//    starts with its country's trunk prefix. Then the length must be one
//    the country's mobile numbers have (for an international number, one
//    of the countries with that calling code), and the whole number at
//    most 15 digits (E.164 §6.1).
// Errors (the first that applies; message key "validation.<code>"):
//   field "phone": invalid_utf8, required, invalid_phone (another
//   character), unknown_dial_code (no country has the calling code),
//   phone_too_short, phone_too_long (more digits than the longest allowed);
//   field "country": required, unknown_country (a national number and no
//   listed country).
//
// mask_phone(e164) is how every page, answer, mail and audit event shows a
// number once it is set up: the calling code and the last 2 to 4 digits,
// the rest as bullets in threes ("+44 ••• ••• 0123"); at least five digits
// stay hidden whenever the number has seven or more.
#include <string>
#include <string_view>

#include "twofold/result.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::phone {

// E.164 numbers have at most 15 digits after the '+' (ITU-T E.164 §6.1).
inline constexpr std::size_t max_e164_digits = 15;
// Longer input is refused before it is looked at (phone_too_long).
inline constexpr std::size_t max_typed_bytes = 64;

// `region`: ISO 3166-1 alpha-2 ("GB"); `typed`: UTF-8 as entered.
// The E.164 form, "+" and 7 to 15 digits.
[[nodiscard]] result<std::string, field_error> normalize_phone(std::string_view region, std::string_view typed);

// `e164` as normalize_phone returns it. Text that is not such a number
// masks as "••••" and its last two digits, so nothing unmasked slips out.
[[nodiscard]] std::string mask_phone(std::string_view e164);

}  // namespace twofold::phone
