#pragma once
// Members of the JSON bodies the router parsed (route.hpp), read and checked
// at the edge. Codes are normalized by the core (twofold/otp/code_format.hpp,
// backup_codes.hpp), the same functions the browser runs first.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "flows/sign_in_service.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

// A member that is there but of the wrong type (400 malformed_json).
struct malformed_body {};

// {"code": "123 456"} or {"backup_code": "7qxk m2d9 ab3f 4p"}: exactly one.
[[nodiscard]] std::variant<second_factor_answer, field_errors, malformed_body> second_factor_answer_of(
    const nlohmann::json& body);

// {"code": "123456"}
[[nodiscard]] std::variant<typed_code, field_errors, malformed_body> code_of(const nlohmann::json& body);

// {"country": "GB", "phone": "07700 900123"}: the number in E.164, as the
// core normalizes it (twofold/phone/phone_number.hpp); a missing member reads as "".
struct phone_number_typed {
  std::string e164;
};
[[nodiscard]] std::variant<phone_number_typed, field_errors, malformed_body> phone_number_of(const nlohmann::json& body);

// "remember" ("Don't ask again for N days"): absent, null or false for no;
// empty when it is anything but a boolean.
[[nodiscard]] std::optional<bool> remember_of(const nlohmann::json& body);

// A string member; empty when absent or not a string.
[[nodiscard]] std::string string_member_or_empty(const nlohmann::json& body, std::string_view name);

// A string member; nothing when absent or null, malformed when of another type.
[[nodiscard]] std::variant<std::optional<std::string>, malformed_body> optional_string_member(
    const nlohmann::json& body, std::string_view name);

}  // namespace twofold::server
