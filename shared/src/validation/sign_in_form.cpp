#include "twofold/validation/sign_in_form.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "text/unicode_properties.hpp"
#include "text/utf8.hpp"
#include "twofold/result.hpp"

namespace twofold {
namespace {

// Stable field error codes; each has the catalog key "validation.<code>".
namespace code {
constexpr std::string_view required = "required";
constexpr std::string_view too_long = "too_long";
constexpr std::string_view invalid_utf8 = "invalid_utf8";
constexpr std::string_view control_characters = "control_characters";
constexpr std::string_view invalid_account = "invalid_account";
}  // namespace code

using check = result<std::u32string, std::string_view>;

field_error make_error(std::string_view field, std::string_view error_code) {
  return {std::string(field), std::string(error_code), "validation." + std::string(error_code)};
}

bool has_control(std::u32string_view text) {
  return std::any_of(text.begin(), text.end(), text::is_control);
}

bool is_ascii_alnum(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
}

char32_t to_ascii_lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c + (U'a' - U'A') : c; }

std::u32string ascii_lower(std::u32string_view text) {
  std::u32string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), to_ascii_lower);
  return lowered;
}

// --- usernames and email addresses -----------------------------------------

bool is_username_char(char32_t c) { return is_ascii_alnum(c) || c == U'.' || c == U'_' || c == U'-'; }

// Beyond ASCII, addresses may hold any character but white space
// (RFC 6531 §3.3, RFC 6532 §3.2); controls were refused earlier.
bool is_international(char32_t c) { return c >= 0x80 && !text::is_white_space(c); }

// RFC 5322 §3.2.3 atext.
bool is_atext(char32_t c) {
  constexpr std::u32string_view specials = U"!#$%&'*+-/=?^_`{|}~";
  return is_ascii_alnum(c) || specials.find(c) != std::u32string_view::npos || is_international(c);
}

bool is_label_char(char32_t c) { return is_ascii_alnum(c) || c == U'-' || is_international(c); }

// Non-empty parts separated by single dots, each accepted by `part_ok`.
template <class PartOk>
bool is_dot_separated(std::u32string_view text, PartOk part_ok) {
  while (true) {
    const auto dot = text.find(U'.');
    if (!part_ok(text.substr(0, dot))) return false;
    if (dot == std::u32string_view::npos) return true;
    text.remove_prefix(dot + 1);
  }
}

bool is_atom(std::u32string_view part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), is_atext);
}

// RFC 1034 §3.5 label shape, letters widened to international characters.
bool is_domain_label(std::u32string_view label) {
  return !label.empty() && label.front() != U'-' && label.back() != U'-' &&
         std::all_of(label.begin(), label.end(), is_label_char);
}

// local@domain with a dot-atom local part (no quoted strings) and a host name
// (no address literals): what people type, and all the server has to match.
bool is_email_address(std::u32string_view text) {
  const auto at = text.find(U'@');
  if (at == std::u32string_view::npos || text.find(U'@', at + 1) != std::u32string_view::npos) return false;
  return is_dot_separated(text.substr(0, at), is_atom) && is_dot_separated(text.substr(at + 1), is_domain_label);
}

// --- one check per field: the normalized value or the first failed rule ----

check check_company(std::string_view raw) {
  const auto decoded = text::decode_utf8(raw);
  if (!decoded) return failure{code::invalid_utf8};
  const auto trimmed = text::trim_white_space(*decoded);
  if (trimmed.empty()) return failure{code::required};
  if (has_control(trimmed)) return failure{code::control_characters};
  if (trimmed.size() > company_max_code_points) return failure{code::too_long};
  return std::u32string(trimmed);
}

bool is_email_like(std::u32string_view account) { return account.find(U'@') != std::u32string_view::npos; }

check check_email(std::u32string_view account) {
  if (text::encode_utf8(account).size() > email_max_length) return failure{code::too_long};
  if (!is_email_address(account)) return failure{code::invalid_account};
  return ascii_lower(account);
}

check check_username(std::u32string_view account) {
  if (account.size() > username_max_length) return failure{code::too_long};
  if (!std::all_of(account.begin(), account.end(), is_username_char)) return failure{code::invalid_account};
  return ascii_lower(account);
}

check check_account(std::string_view raw) {
  const auto decoded = text::decode_utf8(raw);
  if (!decoded) return failure{code::invalid_utf8};
  const auto trimmed = text::trim_white_space(*decoded);
  if (trimmed.empty()) return failure{code::required};
  if (has_control(trimmed)) return failure{code::control_characters};
  return is_email_like(trimmed) ? check_email(trimmed) : check_username(trimmed);
}

// The password is only measured: trimming or normalising it would make a
// different password from the one the person chose.
check check_password(std::string_view raw) {
  auto decoded = text::decode_utf8(raw);
  if (!decoded) return failure{code::invalid_utf8};
  if (decoded->empty()) return failure{code::required};
  if (decoded->size() > password_max_code_points) return failure{code::too_long};
  return std::move(*decoded);
}

}  // namespace

sign_in_validation validate_sign_in(const sign_in_form& form) {
  sign_in_validation validation;
  if (const auto company = check_company(form.company)) {
    validation.normalized.company = text::encode_utf8(*company);
  } else {
    validation.errors.push_back(make_error("company", company.error()));
  }
  if (const auto account = check_account(form.account)) {
    validation.normalized.account = text::encode_utf8(*account);
    validation.kind = is_email_like(*account) ? account_kind::email : account_kind::username;
  } else {
    validation.errors.push_back(make_error("account", account.error()));
  }
  if (const auto password = check_password(form.password)) {
    validation.normalized.password = form.password;
  } else {
    validation.errors.push_back(make_error("password", password.error()));
  }
  return validation;
}

std::string normalize_company_key(std::string_view company) {
  const auto decoded = text::decode_utf8(company);
  // Broken precondition: the empty key matches no validated company.
  if (!decoded) return {};
  return text::encode_utf8(ascii_lower(text::trim_white_space(*decoded)));
}

}  // namespace twofold
