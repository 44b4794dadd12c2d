#include "twofold/otp/otpauth_uri.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "otp/percent_encoding.hpp"
#include "text/unicode_properties.hpp"
#include "text/utf8.hpp"
#include "twofold/otp/base32.hpp"

namespace twofold::otp {
namespace {

using std::string_view_literals::operator""sv;

constexpr auto scheme_separator = "://"sv;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// An issuer or account name: UTF-8 without control characters or ':'.
bool is_label_part(std::string_view text) {
  const auto decoded = text::decode_utf8(text);
  return decoded && std::none_of(decoded->begin(), decoded->end(),
                                 [](char32_t c) { return c == U':' || text::is_control(c); });
}

// A decimal number of 1 to 6 digits, nothing else (no sign, no spaces).
std::optional<int> parse_small_number(std::string_view text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The first rule the key breaks, if any.
std::optional<otpauth_error> check_key(const otpauth_key& key, bool issuer_required) {
  if ((issuer_required && key.issuer.empty()) || !is_label_part(key.issuer)) return otpauth_error::invalid_issuer;
  if (key.account.empty() || !is_label_part(key.account)) return otpauth_error::invalid_account;
  if (key.secret.size() < min_secret_bytes) return otpauth_error::secret_too_short;
  if (key.digits < min_digits || key.digits > max_digits) return otpauth_error::invalid_digits;
  if (key.period.count() < 1 || key.period > max_period) return otpauth_error::invalid_period;
  return std::nullopt;
}

// --- parsing ------------------------------------------------------------------

// The parameters the format defines, raw (still percent-encoded).
struct raw_parameters {
  std::optional<std::string_view> secret, issuer, algorithm, digits, period;
};

std::optional<std::string_view>* slot_for(raw_parameters& parameters, std::string_view name) {
  if (name == "secret") return &parameters.secret;
  if (name == "issuer") return &parameters.issuer;
  if (name == "algorithm") return &parameters.algorithm;
  if (name == "digits") return &parameters.digits;
  if (name == "period") return &parameters.period;
  return nullptr;
}

result<raw_parameters, otpauth_error> split_query(std::string_view query) {
  raw_parameters parameters;
  while (!query.empty()) {
    const auto end = query.find('&');
    const auto pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
    const auto equals = pair.find('=');
    const auto name = percent_decode(pair.substr(0, equals));
    if (!name) return failure{otpauth_error::invalid_percent_encoding};
    auto* slot = slot_for(parameters, *name);
    if (slot == nullptr) continue;  // unknown parameters are the app's business
    if (slot->has_value()) return failure{otpauth_error::duplicate_parameter};
    *slot = equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
  }
  return parameters;
}

struct label {
  std::string issuer;  // "" when the label has no "ISSUER:" prefix
  std::string account;
};

result<label, otpauth_error> parse_label(std::string_view raw) {
  const auto decoded = percent_decode(raw);
  if (!decoded) return failure{otpauth_error::invalid_percent_encoding};
  const std::string_view text = *decoded;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return label{{}, std::string(text)};
  if (text.find(':', colon + 1) != std::string_view::npos) return failure{otpauth_error::invalid_label};
  auto account = text.substr(colon + 1);
  // The format allows spaces between the colon and the account.
  account.remove_prefix(std::min(account.find_first_not_of(' '), account.size()));
  const auto issuer = text.substr(0, colon);
  if (issuer.empty()) return failure{otpauth_error::invalid_issuer};
  return label{std::string(issuer), std::string(account)};
}

result<std::string, otpauth_error> parse_issuer(const label& from_label, std::optional<std::string_view> raw) {
  if (!raw) return from_label.issuer;
  const auto issuer = percent_decode(*raw);
  if (!issuer) return failure{otpauth_error::invalid_percent_encoding};
  if (!from_label.issuer.empty() && *issuer != from_label.issuer) return failure{otpauth_error::issuer_mismatch};
  return *issuer;
}

result<std::vector<std::uint8_t>, otpauth_error> parse_secret(std::optional<std::string_view> raw) {
  if (!raw || raw->empty()) return failure{otpauth_error::missing_secret};
  const auto text = percent_decode(*raw);
  if (!text) return failure{otpauth_error::invalid_percent_encoding};
  auto secret = base32_decode(*text);
  if (!secret) return failure{otpauth_error::invalid_secret};
  return std::move(*secret);
}

// Fills algorithm, digits and period from their parameters (or leaves the
// defaults); the error of the first one that does not parse.
std::optional<otpauth_error> parse_settings(const raw_parameters& raw, otpauth_key& key) {
  if (raw.algorithm) {
    const auto name = percent_decode(*raw.algorithm);
    const auto algorithm = name ? parse_algorithm(*name) : std::nullopt;
    if (!algorithm) return otpauth_error::unsupported_algorithm;
    key.algorithm = *algorithm;
  }
  if (raw.digits) {
    const auto digits = parse_small_number(*raw.digits);
    if (!digits) return otpauth_error::invalid_digits;
    key.digits = *digits;
  }
  if (raw.period) {
    const auto period = parse_small_number(*raw.period);
    if (!period) return otpauth_error::invalid_period;
    key.period = std::chrono::seconds{*period};
  }
  return std::nullopt;
}

}  // namespace

std::string_view error_code(otpauth_error error) {
  static constexpr std::array names{
      "malformed_uri"sv,   "not_otpauth"sv,      "unsupported_type"sv,      "invalid_percent_encoding"sv,
      "invalid_label"sv,   "invalid_issuer"sv,   "invalid_account"sv,       "issuer_mismatch"sv,
      "duplicate_parameter"sv, "missing_secret"sv, "invalid_secret"sv,     "secret_too_short"sv,
      "unsupported_algorithm"sv, "invalid_digits"sv, "invalid_period"sv};
  static_assert(names.size() == static_cast<std::size_t>(otpauth_error::invalid_period) + 1);
  return names.at(static_cast<std::size_t>(error));
}

result<std::string, otpauth_error> build_otpauth_uri(const otpauth_key& key) {
  if (const auto broken = check_key(key, true)) return failure{*broken};
  const auto issuer = percent_encode(key.issuer);
  return "otpauth://totp/" + issuer + ':' + percent_encode(key.account) + "?secret=" + base32_encode(key.secret) +
         "&issuer=" + issuer + "&algorithm=" + std::string(algorithm_name(key.algorithm)) +
         "&digits=" + std::to_string(key.digits) + "&period=" + std::to_string(key.period.count());
}

result<otpauth_key, otpauth_error> parse_otpauth_uri(std::string_view uri) {
  if (!is_uri_text(uri) || uri.find('#') != std::string_view::npos) return failure{otpauth_error::malformed_uri};
  const auto scheme_end = uri.find(scheme_separator);
  if (scheme_end == std::string_view::npos || !equals_ignoring_case(uri.substr(0, scheme_end), "otpauth")) {
    return failure{otpauth_error::not_otpauth};
  }
  auto rest = uri.substr(scheme_end + scheme_separator.size());
  const auto type_end = rest.find('/');
  if (!equals_ignoring_case(rest.substr(0, type_end), "totp")) return failure{otpauth_error::unsupported_type};
  rest = type_end == std::string_view::npos ? std::string_view{} : rest.substr(type_end + 1);

  const auto query_start = rest.find('?');
  const auto from_label = parse_label(rest.substr(0, query_start));
  if (!from_label) return failure{from_label.error()};
  const auto raw = split_query(query_start == std::string_view::npos ? std::string_view{} : rest.substr(query_start + 1));
  if (!raw) return failure{raw.error()};

  otpauth_key key;
  key.account = from_label->account;
  auto issuer = parse_issuer(*from_label, raw->issuer);
  if (!issuer) return failure{issuer.error()};
  key.issuer = std::move(*issuer);
  auto secret = parse_secret(raw->secret);
  if (!secret) return failure{secret.error()};
  key.secret = std::move(*secret);
  if (const auto broken = parse_settings(*raw, key)) return failure{*broken};
  if (const auto broken = check_key(key, false)) return failure{*broken};
  return key;
}

totp_parameters parameters_of(const otpauth_key& key) {
  return {.algorithm = key.algorithm, .digits = key.digits, .period = key.period, .start = {}};
}

}  // namespace twofold::otp
