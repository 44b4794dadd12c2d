#include "twofold/api/core_json.hpp"

#include <array>
#include <optional>

#include "api/qr_json.hpp"
#include "api/otp_json.hpp"
#include "api/wire_json.hpp"
#include "twofold/api/messages.hpp"
#include "twofold/i18n/catalog.hpp"
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

// An unknown or missing language is not an error: the answer names the
// language actually used.
std::string answer_catalog(std::string_view request) {
  const auto object = parse_object(request);
  if (!object) return bad_request();
  auto lang = i18n::default_language;
  if (const auto tag = object->find("language"); tag != object->end()) {
    if (!tag->is_string()) return bad_request();
    lang = i18n::parse_language(tag->get<std::string>()).value_or(i18n::default_language);
  }
  json messages = json::object();
  for (const auto& message : i18n::all_messages(lang)) messages[std::string(message.key)] = message.text;
  return dump({{"language", i18n::language_tag(lang)}, {"messages", std::move(messages)}});
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
    function_entry{"catalog", answer_catalog},
    function_entry{"languages", answer_languages},
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
    function_entry{"resend_countdown", answer_resend_countdown},
    function_entry{"qr_encode", answer_qr_encode},
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
