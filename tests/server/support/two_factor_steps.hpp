#pragma once
// Steps the two-factor tests share: a browser that keeps its cookies, TOTP
// codes for a secret at a given time, the code in the last mail, and turning
// a method on.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/app_harness.hpp"

namespace twofold::server::testing {

// One browser: sends its cookies and keeps those the server sets.
class test_browser {
 public:
  explicit test_browser(app_harness& harness) : harness_(harness) {}

  http_response get(std::string target);
  http_response post(std::string target, std::string body = "");
  http_response remove(std::string target, std::string body = "");
  http_response put(std::string target, std::string body);

  [[nodiscard]] bool has_cookie(std::string_view name) const { return cookies_.contains(std::string(name)); }
  void forget_cookies() { cookies_.clear(); }

  http_response sign_in(const test_account& account);

 private:
  http_response send(std::string method, std::string target, std::string body, bool state_changing);
  void keep_cookies(const http_response& response);

  app_harness& harness_;
  std::map<std::string, std::string> cookies_;
};

// The six-digit TOTP code (SHA1, 30 s) of a base32 secret at `at`.
[[nodiscard]] std::string totp_code(std::string_view base32_secret, timestamp at);

// The code in the newest outbox message (its text part), and how many
// messages the outbox holds.
[[nodiscard]] std::string last_mailed_code(app_harness& harness);
[[nodiscard]] std::int64_t mail_count(app_harness& harness);

struct enabled_app {
  std::string secret;
  std::vector<std::string> backup_codes;
};

// Turns the authenticator app on for the browser's signed-in user, confirming
// with the current step's code.
[[nodiscard]] enabled_app enable_app(test_browser& browser, app_harness& harness);
// Turns email codes on; returns the backup codes.
[[nodiscard]] std::vector<std::string> enable_email(test_browser& browser, app_harness& harness);

[[nodiscard]] std::string code_body(std::string_view code);
[[nodiscard]] std::string backup_code_body(std::string_view code);

}  // namespace twofold::server::testing
