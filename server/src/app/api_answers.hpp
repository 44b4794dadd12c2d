#pragma once
// How the API answers: JSON bodies with Cache-Control: no-store (answers hold
// personal data and must not linger in caches), and errors in the one shape
// every client understands (twofold::api::error_body):
//   {"error":{"code","message_key","message","fields":[...]}}
// where message_key is "error.<code>" and message is its text in `language`.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/http_types.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

// Values for a message's {name} placeholders, e.g. {{"seconds", "30"}}.
using placeholders = std::vector<std::pair<std::string_view, std::string>>;

[[nodiscard]] http_response json_answer(unsigned status, std::string body);

// 204 No Content.
[[nodiscard]] http_response empty_answer();

[[nodiscard]] http_response error_answer(unsigned status, std::string_view code, i18n::language language,
                                         const field_errors& fields = {}, const placeholders& values = {});

// Fills {name} placeholders; unknown ones are left as written.
[[nodiscard]] std::string fill_placeholders(std::string_view text, const placeholders& values);

}  // namespace twofold::server
