#pragma once
// The one-time-password functions of the core's JSON door (core_json.hpp
// documents the request and answer shapes). Each takes the request text and
// returns the answer text.
#include <string>
#include <string_view>

namespace twofold::api {

[[nodiscard]] std::string answer_base32_encode(std::string_view request);
[[nodiscard]] std::string answer_base32_decode(std::string_view request);
[[nodiscard]] std::string answer_otpauth_uri(std::string_view request);
[[nodiscard]] std::string answer_otpauth_parse(std::string_view request);
[[nodiscard]] std::string answer_hotp_truncate(std::string_view request);
[[nodiscard]] std::string answer_totp_counter(std::string_view request);
[[nodiscard]] std::string answer_normalize_code(std::string_view request);
[[nodiscard]] std::string answer_normalize_backup_code(std::string_view request);
[[nodiscard]] std::string answer_format_backup_code(std::string_view request);
[[nodiscard]] std::string answer_backup_codes_file(std::string_view request);
[[nodiscard]] std::string answer_backup_codes_status(std::string_view request);
[[nodiscard]] std::string answer_resend_countdown(std::string_view request);

}  // namespace twofold::api
