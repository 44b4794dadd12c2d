#pragma once
// Wire types of the HTTP API, shared by server and browser. docs/openapi.yaml
// describes the same shapes. Parsing never throws: bad bodies become values.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twofold/result.hpp"
#include "twofold/validation/field_error.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::api {

// Every non-2xx JSON answer:
// {"error":{"code":..., "message_key":..., "message":..., <counts>..., "fields":[{"field","code","message_key"}]}}
// `fields` is present only when non-empty; `message` is the text in the
// caller's language; each count is a whole number the client reads beside
// it ("attempts_left": 3, "seconds": 42).
struct error_body {
  std::string code;
  std::string message_key;
  std::string message;
  field_errors fields;
  std::vector<std::pair<std::string, long long>> counts;
};

[[nodiscard]] std::string to_json(const error_body& body);

enum class body_error {
  malformed_json,  // not JSON at all, or truncated
  not_an_object,   // JSON, but not {...}
  wrong_type,      // a known field holds something other than a string
};

// Missing fields read as empty strings (validation reports them as required);
// unknown fields are ignored.
[[nodiscard]] result<sign_in_form, body_error> parse_sign_in_request(std::string_view body);

// The signed-in user as GET /api/me and POST /api/session return it.
struct user_view {
  long long id = 0;
  std::string company;
  std::string username;
  std::string email;
  std::string display_name;
  std::string role;      // "admin" | "agent"
  std::string language;  // effective BCP 47 tag: the user's or the company default
  std::optional<std::string> time_zone = std::nullopt;  // IANA name for times on the pages; empty: the browser's
};

// {"user":{"id","company","username","email","display_name","role","language","time_zone"},"home":"/admin/"|"/agent/"}
[[nodiscard]] std::string to_json(const user_view& user);

// Where a role lands after sign-in.
[[nodiscard]] std::string_view home_path(std::string_view role);

}  // namespace twofold::api
