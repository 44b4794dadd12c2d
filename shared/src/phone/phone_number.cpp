#include "twofold/phone/phone_number.hpp"

#include <algorithm>
#include <bit>

#include "otp/typed_code.hpp"
#include "text/utf8.hpp"
#include "twofold/phone/countries.hpp"

namespace twofold::phone {
namespace {

constexpr std::string_view bullet = "\u2022";
constexpr std::size_t longest_dial_code = 3;

failure<field_error> refuse(std::string_view field, std::string_view code) {
  return failure{field_error{std::string(field), std::string(code), "validation." + std::string(code)}};
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// What the person typed without the grouping they used: white space, dashes
// (otp::strip_code_separators, which also folds full-width forms), dots and
// parentheses.
std::u32string symbols_of(std::u32string_view typed) {
  auto symbols = otp::strip_code_separators(typed);
  std::erase_if(symbols, [](char32_t c) { return c == U'.' || c == U'(' || c == U')'; });
  return symbols;
}

// How a number is read: the calling code, the trunk prefix to drop, the
// lengths allowed after the calling code.
struct numbering {
  std::string_view dial_code;
  std::string_view trunk_prefix;
  std::uint32_t lengths = 0;

  [[nodiscard]] bool allows(std::size_t digits) const { return digits < 32 && (lengths >> digits & 1U) != 0; }
  [[nodiscard]] std::size_t longest() const { return 31 - static_cast<std::size_t>(std::countl_zero(lengths)); }
};

numbering numbering_of(const country_rule& country) {
  return {.dial_code = country.dial_code, .trunk_prefix = country.trunk_prefix, .lengths = country.lengths};
}

// An international number names its calling code only, which several
// countries may share: any of their lengths, and their trunk prefix, which
// they share too (tests/core/phone_countries_test.cpp checks).
numbering numbering_of(const std::vector<country_rule>& sharing) {
  numbering plan = numbering_of(sharing.front());
  for (const auto& country : sharing) plan.lengths |= country.lengths;
  return plan;
}

// The calling code that `digits` (an international number) starts with.
// Calling codes are a prefix code (E.164 §6.2.1): at most one matches.
std::optional<numbering> dial_code_of(std::string_view digits) {
  for (std::size_t length = 1; length <= longest_dial_code && length <= digits.size(); ++length) {
    const auto sharing = countries_with_dial_code(digits.substr(0, length));
    if (!sharing.empty()) return numbering_of(sharing);
  }
  return std::nullopt;
}

// No mobile number starts with its country's trunk prefix (that is what the
// prefix is for), so a leading one is always the trunk prefix; of several
// alternatives, the first that matches.
result<std::string, field_error> global_number(const numbering& plan, std::string_view national) {
  for (std::string_view prefixes = plan.trunk_prefix; !prefixes.empty();) {
    const auto bar = prefixes.find('|');
    const auto prefix = prefixes.substr(0, bar);
    if (national.starts_with(prefix)) {
      national.remove_prefix(prefix.size());
      break;
    }
    prefixes = bar == std::string_view::npos ? std::string_view() : prefixes.substr(bar + 1);
  }
  if (national.size() > plan.longest() || plan.dial_code.size() + national.size() > max_e164_digits) {
    return refuse("phone", "phone_too_long");
  }
  if (!plan.allows(national.size())) return refuse("phone", "phone_too_short");
  return "+" + std::string(plan.dial_code) + std::string(national);
}

}  // namespace

result<std::string, field_error> normalize_phone(std::string_view region, std::string_view typed) {
  if (typed.size() > max_typed_bytes) return refuse("phone", "phone_too_long");
  const auto decoded = text::decode_utf8(typed);
  if (!decoded) return refuse("phone", "invalid_utf8");
  const auto symbols = symbols_of(*decoded);
  if (symbols.empty()) return refuse("phone", "required");
  const bool plus = symbols.front() == U'+';
  const std::u32string_view number = plus ? std::u32string_view(symbols).substr(1) : std::u32string_view(symbols);
  if (number.empty() || !std::all_of(number.begin(), number.end(), is_digit)) return refuse("phone", "invalid_phone");
  const std::string digits = text::encode_utf8(number);

  if (plus || digits.starts_with("00")) {
    const std::string_view international = std::string_view(digits).substr(plus ? 0 : 2);
    const auto plan = dial_code_of(international);
    if (!plan) return refuse("phone", "unknown_dial_code");
    return global_number(*plan, international.substr(plan->dial_code.size()));
  }
  if (region.empty()) return refuse("country", "required");
  const auto country = find_country(region);
  if (!country) return refuse("country", "unknown_country");
  return global_number(numbering_of(*country), digits);
}

std::string mask_phone(std::string_view e164) {
  const bool well_formed = e164.size() > 1 && e164.front() == '+' &&
                           std::all_of(e164.begin() + 1, e164.end(), [](char c) { return c >= '0' && c <= '9'; });
  const auto plan = well_formed ? dial_code_of(e164.substr(1)) : std::nullopt;
  if (!plan) {
    std::string masked;
    for (int i = 0; i < 4; ++i) masked += bullet;
    return masked + std::string(e164.substr(e164.size() - std::min<std::size_t>(2, e164.size())));
  }
  const std::string_view national = e164.substr(1 + plan->dial_code.size());
  const std::size_t shown = std::clamp<std::size_t>(national.size() > 5 ? national.size() - 5 : 0, 2, 4);
  const std::size_t hidden = national.size() > shown ? national.size() - shown : 0;
  std::string masked = "+" + std::string(plan->dial_code);
  for (std::size_t i = 0; i < hidden; ++i) {
    if (i % 3 == 0) masked += ' ';
    masked += bullet;
  }
  return masked + " " + std::string(national.substr(hidden));
}

}  // namespace twofold::phone
