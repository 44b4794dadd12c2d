#pragma once
// The countries a phone number for SMS codes may belong to: ISO 3166-1
// alpha-2 region, ITU-T E.164 country calling code, the trunk prefix a
// national number starts with at home (dropped in international form:
// UK "07700 900123" is +44 7700 900123), and how many digits a mobile
// number has after the calling code (its national significant number).
//
// Source: libphonenumber's metadata 8.12.57 (Debian's python3-phonenumbers):
// each region with mobile numbers, its country_code, national_prefix and the
// mobile possible_length; tests/wasm/phone_peer.test.mjs holds the table to
// it. Argentina's national mobile form ("011 15-2345-6789": the area code,
// then 15) needs libphonenumber's transform rules and is refused: Argentine
// numbers are typed in international form (+54 9 11 2345 6789) or as their
// national significant number (9 11 2345 6789). No names: pages name countries in their own language
// (Intl.DisplayNames), so the core stays free of hundreds of translations.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace twofold::phone {

struct country_rule {
  std::string_view region;        // "GB": two upper-case letters
  std::string_view dial_code;     // "44": 1 to 3 digits, no '+'
  // "0", "8", "06"; "" when the country has none. Where a country's numbers
  // are written with more than one (libphonenumber's
  // national_prefix_for_parsing "0|80?": Belarus "8 029 ...", "029 ..."),
  // the alternatives joined by '|', longest first: "80|8|0".
  std::string_view trunk_prefix;
  std::uint32_t lengths = 0;      // bit n set: n digits after the calling code, n in [4, 17]

  [[nodiscard]] constexpr bool allows(std::size_t digits) const {
    return digits < 32 && (lengths >> digits & 1U) != 0;
  }
};

// Every country, ordered by region.
[[nodiscard]] std::span<const country_rule> countries();

// The country with this region ("GB"; letters in either case), if listed.
[[nodiscard]] std::optional<country_rule> find_country(std::string_view region);

// The countries sharing the calling code `dial_code` ("1": the US, Canada and
// the Caribbean; "44": the UK and the Crown Dependencies), in region order.
[[nodiscard]] std::vector<country_rule> countries_with_dial_code(std::string_view dial_code);

}  // namespace twofold::phone
