#pragma once
// How the API answers: JSON bodies with Cache-Control: no-store (answers hold
// personal data and must not linger in caches), and errors in the one shape
// every client understands (twofold::api::error_body):
//   {"error":{"code","message_key","message","fields":[...]}}
// where message_key is "error.<code>" and message is its text in `language`.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/http_types.hpp"
#include "auth/step_up.hpp"
#include "twofold/api/messages.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/i18n/message_format.hpp"
#include "twofold/time.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

[[nodiscard]] http_response json_answer(unsigned status, std::string body);

// 204 No Content.
[[nodiscard]] http_response empty_answer();

// The error `code` with its catalog message in `language`.
[[nodiscard]] api::error_body error_of(std::string_view code, i18n::language language, const field_errors& fields = {},
                                       const i18n::message_arguments& values = {});

[[nodiscard]] http_response error_answer(unsigned status, const api::error_body& body);
[[nodiscard]] http_response error_answer(unsigned status, std::string_view code, i18n::language language,
                                         const field_errors& fields = {}, const i18n::message_arguments& values = {});

// An error with one number beside the message, e.g. "attempts_left": 3 or
// "seconds": 42 (also filled into the message's {name} placeholder).
[[nodiscard]] api::error_body counted_error_of(std::string_view code, i18n::language language, std::string_view name,
                                               std::int64_t number);
[[nodiscard]] http_response counted_error_answer(unsigned status, std::string_view code, i18n::language language,
                                                 std::string_view name, std::int64_t number);

// A step-up that did not allow the change: 403 step_up_required, 401
// password_rejected, or 429 too_many_attempts.
[[nodiscard]] http_response step_up_refusal(const step_up_result& result, i18n::language language);

// A person an administrator may not act on: one of another company, or no
// one. 403 like every refusal there, and the same answer for both, so an id
// tells nothing about other companies.
[[nodiscard]] http_response person_refused(i18n::language language);

enum class throttle_kind;  // runtime/server_metrics.hpp

// 429 with Retry-After and "seconds", for `code` (too_many_attempts,
// resend_too_soon); counted on /metrics as a throttled request of `kind`.
[[nodiscard]] http_response wait_answer(throttle_kind kind, std::string_view code, i18n::language language,
                                        std::chrono::seconds wait);


}  // namespace twofold::server
