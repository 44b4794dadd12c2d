#include "api/otp_json.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "api/wire_json.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/i18n/message_format.hpp"
#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/backup_codes_file.hpp"
#include "twofold/otp/base32.hpp"
#include "twofold/otp/code_format.hpp"
#include "twofold/otp/hotp.hpp"
#include "twofold/otp/otpauth_uri.hpp"
#include "twofold/otp/resend_countdown.hpp"
#include "twofold/otp/secret_text.hpp"
#include "twofold/otp/totp.hpp"

namespace twofold::api {
namespace {

using bytes = std::vector<std::uint8_t>;

// Times the door accepts, in Unix seconds: 1970 up to the end of year 9999.
constexpr std::int64_t max_unix_time = 253'402'300'799;
// UTC offsets in use lie within -12 h .. +14 h; anything within a day is accepted.
constexpr std::int64_t max_utc_offset_minutes = 24 * 60 - 1;
// Backup code counts are C++ ints in the core.
constexpr std::int64_t max_code_count = std::numeric_limits<int>::max();

std::string bad_request() {
  return dump({{"error", {{"code", "bad_request"}, {"message_key", "error.bad_request"}}}});
}

std::string refused(std::string_view error_code) { return dump({{"ok", false}, {"error", error_code}}); }

std::string to_hex(std::span<const std::uint8_t> data) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string hex;
  for (const auto byte : data) {
    hex.push_back(digits[byte >> 4U]);
    hex.push_back(digits[byte & 0x0fU]);
  }
  return hex;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  bytes data;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    data.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return data;
}

// Reads a request object's fields. A field of the wrong type, a missing
// required field or a number out of range marks the request refused; the
// caller reads every field, then answers bad_request unless ok().
class request_fields {
 public:
  explicit request_fields(std::string_view request)
      : object_(nlohmann::json::parse(request, nullptr, false)), ok_(object_.is_object()) {}

  [[nodiscard]] bool ok() const { return ok_; }

  std::string text(std::string_view name, bool required) {
    const auto* value = find(name, required);
    if (value == nullptr) return {};
    if (!value->is_string()) return refuse<std::string>();
    return value->get<std::string>();
  }

  bytes hex(std::string_view name) {
    auto data = from_hex(text(name, true));
    return data ? std::move(*data) : refuse<bytes>();
  }

  std::int64_t integer(std::string_view name, std::optional<std::int64_t> fallback, std::int64_t min,
                       std::int64_t max) {
    const auto* value = find(name, !fallback);
    if (value == nullptr) return fallback.value_or(0);
    if (!value->is_number_integer()) return refuse<std::int64_t>();
    // JSON integers beyond int64 arrive unsigned: refuse them before converting.
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      return refuse<std::int64_t>();
    }
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) return refuse<std::int64_t>();
    return number;
  }

  // Missing or null: nullopt.
  std::optional<std::int64_t> nullable_integer(std::string_view name, std::int64_t min, std::int64_t max) {
    const auto* value = find(name, false);
    if (value == nullptr || value->is_null()) return std::nullopt;
    return integer(name, std::nullopt, min, max);
  }

  bool boolean(std::string_view name, bool fallback) {
    const auto* value = find(name, false);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) return refuse<bool>();
    return value->get<bool>();
  }

  std::vector<std::string> texts(std::string_view name) {
    const auto* value = find(name, true);
    if (value == nullptr || !value->is_array()) return refuse<std::vector<std::string>>();
    std::vector<std::string> list;
    for (const auto& item : *value) {
      if (!item.is_string()) return refuse<std::vector<std::string>>();
      list.push_back(item.get<std::string>());
    }
    return list;
  }

 private:
  const nlohmann::json* find(std::string_view name, bool required) {
    if (!ok_) return nullptr;
    const auto found = object_.find(name);
    if (found == object_.end()) {
      if (required) ok_ = false;
      return nullptr;
    }
    return &*found;
  }

  template <class T>
  T refuse() {
    ok_ = false;
    return T{};
  }

  nlohmann::json object_;
  bool ok_;
};

timestamp unix_seconds(std::int64_t seconds) { return timestamp{std::chrono::seconds{seconds}}; }

}  // namespace

std::string answer_base32_encode(std::string_view request) {
  request_fields fields(request);
  const auto data = fields.hex("hex");
  const bool padding = fields.boolean("padding", false);
  if (!fields.ok()) return bad_request();
  const auto base32 = otp::base32_encode(data, padding ? otp::base32_padding::include : otp::base32_padding::omit);
  return dump({{"ok", true}, {"base32", base32}});
}

std::string answer_base32_decode(std::string_view request) {
  request_fields fields(request);
  const auto text = fields.text("base32", true);
  if (!fields.ok()) return bad_request();
  const auto decoded = otp::base32_decode(text);
  if (!decoded) return refused(otp::error_code(decoded.error()));
  return dump({{"ok", true}, {"hex", to_hex(*decoded)}});
}

std::string answer_otpauth_uri(std::string_view request) {
  request_fields fields(request);
  otp::otpauth_key key;
  key.issuer = fields.text("issuer", true);
  key.account = fields.text("account", true);
  key.secret = fields.hex("secret_hex");
  const auto algorithm_name = fields.text("algorithm", false);
  key.digits = static_cast<int>(fields.integer("digits", otp::default_digits, 0, 1000));
  key.period = std::chrono::seconds{fields.integer("period", otp::default_period.count(), 0, max_unix_time)};
  if (!fields.ok()) return bad_request();
  if (!algorithm_name.empty()) {
    const auto algorithm = otp::parse_algorithm(algorithm_name);
    if (!algorithm) return refused(otp::error_code(otp::otpauth_error::unsupported_algorithm));
    key.algorithm = *algorithm;
  }
  const auto uri = otp::build_otpauth_uri(key);
  if (!uri) return refused(otp::error_code(uri.error()));
  const auto secret = otp::base32_encode(key.secret);
  return dump({{"ok", true}, {"uri", *uri}, {"secret", secret}, {"secret_text", otp::group_secret_for_reading(secret)}});
}

std::string answer_otpauth_parse(std::string_view request) {
  request_fields fields(request);
  const auto uri = fields.text("uri", true);
  if (!fields.ok()) return bad_request();
  const auto key = otp::parse_otpauth_uri(uri);
  if (!key) return refused(otp::error_code(key.error()));
  return dump({{"ok", true},
               {"issuer", key->issuer},
               {"account", key->account},
               {"secret_hex", to_hex(key->secret)},
               {"secret", otp::base32_encode(key->secret)},
               {"algorithm", otp::algorithm_name(key->algorithm)},
               {"digits", key->digits},
               {"period", key->period.count()}});
}

std::string answer_hotp_truncate(std::string_view request) {
  request_fields fields(request);
  const auto hmac = fields.hex("hmac_hex");
  const auto digits = fields.integer("digits", otp::default_digits, 0, 1000);
  if (!fields.ok()) return bad_request();
  const auto code = otp::hotp_truncate(hmac, static_cast<int>(digits));
  if (!code) return refused(otp::error_code(code.error()));
  return dump({{"ok", true}, {"code", *code}});
}

std::string answer_totp_counter(std::string_view request) {
  request_fields fields(request);
  const auto now = fields.integer("unix_time", std::nullopt, 0, max_unix_time);
  const auto period = fields.integer("period", otp::default_period.count(), 0, max_unix_time);
  if (!fields.ok()) return bad_request();
  const auto step = otp::totp_step({.period = std::chrono::seconds{period}}, unix_seconds(now));
  if (!step) return refused(otp::error_code(step.error()));
  return dump({{"ok", true}, {"step", *step}, {"message_hex", to_hex(otp::message_for_counter(*step))}});
}

std::string answer_normalize_code(std::string_view request) {
  request_fields fields(request);
  const auto typed = fields.text("code", false);
  if (!fields.ok()) return bad_request();
  const auto checked = otp::normalize_code(typed);
  return dump({{"ok", checked.ok()},
               {"errors", to_json_value(checked.errors)},
               {"code", checked.ok() ? json(checked.code) : json(nullptr)}});
}

std::string answer_normalize_backup_code(std::string_view request) {
  request_fields fields(request);
  const auto typed = fields.text("code", false);
  if (!fields.ok()) return bad_request();
  const auto checked = otp::normalize_backup_code(typed);
  return dump({{"ok", checked.ok()},
               {"errors", to_json_value(checked.errors)},
               {"code", checked.ok() ? json(checked.code) : json(nullptr)},
               {"display", checked.ok() ? json(otp::group_backup_code(checked.code)) : json(nullptr)}});
}

std::string answer_format_backup_code(std::string_view request) {
  request_fields fields(request);
  const auto random = fields.hex("random_hex");
  if (!fields.ok()) return bad_request();
  const auto code = otp::format_backup_code(random);
  if (!code) return refused(otp::error_code(code.error()));
  return dump({{"ok", true}, {"code", *code}});
}

std::string answer_backup_codes_file(std::string_view request) {
  request_fields fields(request);
  const auto tag = fields.text("language", false);
  auto product = fields.text("product", false);
  otp::backup_codes_sheet sheet;
  sheet.company = fields.text("company", true);
  sheet.account = fields.text("account", true);
  const auto now = fields.integer("unix_time", std::nullopt, 0, max_unix_time);
  const auto offset = fields.integer("utc_offset_minutes", 0, -max_utc_offset_minutes, max_utc_offset_minutes);
  sheet.codes = fields.texts("codes");
  if (!fields.ok()) return bad_request();
  const auto lang = i18n::parse_language(tag).value_or(i18n::default_language);
  sheet.product = product.empty() ? std::string(i18n::translate(lang, "app.name")) : std::move(product);
  sheet.created = otp::local_date(unix_seconds(now), std::chrono::minutes{offset});
  const auto file = otp::backup_codes_file(sheet, lang);
  if (!file) return refused(otp::error_code(file.error()));
  return dump({{"ok", true}, {"language", i18n::language_tag(lang)}, {"text", *file}});
}

std::string answer_backup_codes_status(std::string_view request) {
  request_fields fields(request);
  const auto tag = fields.text("language", false);
  const auto unused = fields.integer("unused", std::nullopt, 0, max_code_count);
  const auto total = fields.integer("total", std::nullopt, 0, max_code_count);
  if (!fields.ok() || unused > total) return bad_request();
  const auto lang = i18n::parse_language(tag).value_or(i18n::default_language);
  return dump({{"language", i18n::language_tag(lang)},
               {"running_low", otp::backup_codes_running_low(static_cast<int>(unused))},
               {"text", i18n::format(lang, "backup_codes.ui_status", {{"unused", unused}, {"total", total}})}});
}

std::string answer_resend_countdown(std::string_view request) {
  request_fields fields(request);
  const auto last_sent = fields.nullable_integer("last_sent", 0, max_unix_time);
  const auto now = unix_seconds(fields.integer("now", std::nullopt, 0, max_unix_time));
  if (!fields.ok()) return bad_request();
  const otp::countdown_state state{last_sent ? std::optional{unix_seconds(*last_sent)} : std::nullopt};
  return dump({{"phase", otp::phase_name(state.phase(now))},
               {"seconds_left", state.seconds_left(now).count()},
               {"can_resend", state.can_resend(now)}});
}

}  // namespace twofold::api
