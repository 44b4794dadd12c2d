#pragma once
// The JSON bodies of the two-factor endpoints, read and checked at the edge.
// Codes are normalized by the core (twofold/otp/code_format.hpp,
// backup_codes.hpp), the same functions the browser runs first.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "flows/second_step.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

struct malformed_body {};

// {"code": "123 456"} or {"backup_code": "7qxk m2d9 ab3f 4p"}: exactly one.
using second_factor_body = std::variant<second_factor_answer, field_errors, malformed_body>;
[[nodiscard]] second_factor_body parse_second_factor_body(std::string_view body);

// {"code": "123456"}
using code_body = std::variant<typed_code, field_errors, malformed_body>;
[[nodiscard]] code_body parse_code_body(std::string_view body);

// {"password": "..."}, or an empty body / {} for none.
using step_up_body = std::variant<std::optional<std::string>, malformed_body>;
[[nodiscard]] step_up_body parse_step_up_body(std::string_view body);

}  // namespace twofold::server
