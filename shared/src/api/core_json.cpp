#include "twofold/api/core_json.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>

#include "api/qr_json.hpp"
#include "api/otp_json.hpp"
#include "api/phone_json.hpp"
#include "api/wire_json.hpp"
#include "twofold/api/messages.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/i18n/message_format.hpp"
#include "twofold/validation/new_password.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::api {
namespace {

std::string error_answer(std::string_view code) {
  return dump({{"error", {{"code", code}, {"message_key", "error.bad_request"}}}});
}

std::string bad_request() { return error_answer("bad_request"); }

std::optional<nlohmann::json> parse_object(std::string_view request) {
  auto parsed = nlohmann::json::parse(request, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;  // also when discarded (not JSON)
  return parsed;
}

std::string_view account_kind_name(account_kind kind) {
  return kind == account_kind::email ? "email" : "username";
}

std::string answer_validate_sign_in(std::string_view request) {
  const auto form = parse_sign_in_request(request);
  if (!form) return bad_request();
  const auto validation = validate_sign_in(*form);
  json answer = {{"ok", validation.ok()},
                 {"errors", to_json_value(validation.errors)},
                 {"normalized", nullptr},
                 {"account_kind", nullptr}};
  if (validation.ok()) {
    const auto& normalized = validation.normalized;
    answer["normalized"] = {
        {"company", normalized.company}, {"account", normalized.account}, {"password", normalized.password}};
    answer["account_kind"] = account_kind_name(validation.kind);
  }
  return dump(answer);
}

// A string member, "" when absent; nullopt when of another type.
std::optional<std::string> string_or_empty(const nlohmann::json& request, std::string_view name) {
  const auto found = request.find(name);
  if (found == request.end()) return std::string();
  if (!found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

// The blocklist is the server's: the browser checks everything else first.
std::string answer_validate_new_password(std::string_view request) {
  const auto object = parse_object(request);
  if (!object || !object->contains("password")) return bad_request();
  const auto password = string_or_empty(*object, "password");
  const auto field = string_or_empty(*object, "field");
  const auto username = string_or_empty(*object, "username");
  const auto email = string_or_empty(*object, "email");
  const auto company = string_or_empty(*object, "company");
  if (!password || !field || !username || !email || !company) return bad_request();
  const new_password_checks checks{.context = {.username = *username, .email = *email, .company_name = *company},
                                   .is_blocklisted = {}};
  const auto errors = validate_new_password(*password, field->empty() ? "password" : *field, checks);
  return dump({{"ok", errors.empty()}, {"errors", to_json_value(errors)}});
}

// The request's "language": an unknown or missing one is not an error but
// the default (the answer names the language used); nullopt when it is not a string.
std::optional<i18n::language> requested_language(const nlohmann::json& request) {
  const auto tag = request.find("language");
  if (tag == request.end()) return i18n::default_language;
  if (!tag->is_string()) return std::nullopt;
  return i18n::parse_language(tag->get<std::string>()).value_or(i18n::default_language);
}

std::string answer_catalog(std::string_view request) {
  const auto object = parse_object(request);
  const auto lang = object ? requested_language(*object) : std::nullopt;
  if (!lang) return bad_request();
  json messages = json::object();
  for (const auto& message : i18n::all_messages(*lang)) messages[std::string(message.key)] = message.text;
  return dump({{"language", i18n::language_tag(*lang)}, {"messages", std::move(messages)}});
}

// A string, or an integer in int64 range (JSON integers beyond it arrive
// unsigned); nullopt for anything else.
std::optional<i18n::message_value> argument_value(const nlohmann::json& value) {
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > int64_max) return std::nullopt;
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

// "args": {name: value}, none when missing; nullopt when not an object or a
// value is neither a string nor an integer.
std::optional<i18n::message_arguments> requested_arguments(const nlohmann::json& request) {
  const auto args = request.find("args");
  if (args == request.end()) return i18n::message_arguments{};
  if (!args->is_object()) return std::nullopt;
  i18n::message_arguments list;
  for (const auto& [name, value] : args->items()) {
    auto argument = argument_value(value);
    if (!argument) return std::nullopt;
    list.emplace_back(name, std::move(*argument));
  }
  return list;
}

// Exactly one of "key" (a catalog text) and "pattern", a string.
std::string answer_format_message(std::string_view request) {
  const auto object = parse_object(request);
  if (!object) return bad_request();
  const auto lang = requested_language(*object);
  const auto args = requested_arguments(*object);
  const auto key = object->find("key");
  const auto pattern = object->find("pattern");
  const bool one_source = (key == object->end()) != (pattern == object->end());
  if (!lang || !args || !one_source) return bad_request();
  const auto& source = key != object->end() ? *key : *pattern;
  if (!source.is_string()) return bad_request();
  const auto& text = source.get_ref<const std::string&>();
  const auto formatted =
      key != object->end() ? i18n::format(*lang, text, *args) : i18n::format_pattern(*lang, text, *args);
  return dump({{"language", i18n::language_tag(*lang)}, {"text", formatted}});
}

std::string answer_languages(std::string_view request) {
  if (!parse_object(request)) return bad_request();
  json list = json::array();
  for (const auto& info : i18n::supported_languages()) {
    list.push_back({{"tag", info.tag}, {"native_name", info.native_name}});
  }
  return dump({{"languages", std::move(list)}, {"default", i18n::language_tag(i18n::default_language)}});
}

// Data over the chosen versions' capacity is the caller's to shorten, not a
// malformed request.
std::string answer_qr_encode(std::string_view request) {
  const auto parsed = parse_qr_encode_request(request);
  if (!parsed) return bad_request();
  const auto code = qr::encode_text(parsed->text, parsed->options);
  if (!code) return code.error() == qr::encode_error::data_too_long ? error_answer("data_too_long") : bad_request();
  return dump(to_json_value(*code));
}

struct function_entry {
  std::string_view name;
  std::string (*answer)(std::string_view request);
};

constexpr std::array functions{
    function_entry{"validate_sign_in", answer_validate_sign_in},
    function_entry{"validate_new_password", answer_validate_new_password},
    function_entry{"catalog", answer_catalog},
    function_entry{"languages", answer_languages},
    function_entry{"format_message", answer_format_message},
    function_entry{"base32_encode", answer_base32_encode},
    function_entry{"base32_decode", answer_base32_decode},
    function_entry{"otpauth_uri", answer_otpauth_uri},
    function_entry{"otpauth_parse", answer_otpauth_parse},
    function_entry{"hotp_truncate", answer_hotp_truncate},
    function_entry{"totp_counter", answer_totp_counter},
    function_entry{"normalize_code", answer_normalize_code},
    function_entry{"normalize_backup_code", answer_normalize_backup_code},
    function_entry{"format_backup_code", answer_format_backup_code},
    function_entry{"backup_codes_file", answer_backup_codes_file},
    function_entry{"backup_codes_status", answer_backup_codes_status},
    function_entry{"resend_countdown", answer_resend_countdown},
    function_entry{"qr_encode", answer_qr_encode},
    function_entry{"normalize_phone", answer_normalize_phone},
    function_entry{"mask_phone", answer_mask_phone},
    function_entry{"phone_countries", answer_phone_countries},
};

}  // namespace

std::string call_core(std::string_view function, std::string_view request_json) {
  if (request_json.size() > max_request_bytes) return error_answer("too_large");
  for (const auto& entry : functions) {
    if (entry.name == function) return entry.answer(request_json);
  }
  return error_answer("unknown_function");
}

}  // namespace twofold::api
