#include "support/two_factor_steps.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

#include "two_factor/openssl_hmac.hpp"
#include "twofold/otp/base32.hpp"
#include "twofold/otp/totp.hpp"

namespace twofold::server::testing {

http_response test_browser::get(std::string target) { return send("GET", std::move(target), "", false); }

http_response test_browser::post(std::string target, std::string body) {
  return send("POST", std::move(target), std::move(body), true);
}

http_response test_browser::remove(std::string target, std::string body) {
  return send("DELETE", std::move(target), std::move(body), true);
}

http_response test_browser::put(std::string target, std::string body) {
  return send("PUT", std::move(target), std::move(body), true);
}

http_response test_browser::sign_in(const test_account& account) {
  return post("/api/session", sign_in_body(acme, account.username, account.password));
}

http_response test_browser::send(std::string method, std::string target, std::string body, bool state_changing) {
  header_list headers;
  if (state_changing) {
    headers = {{"x-requested-with", "twofold"}, {"origin", std::string(test_origin)}};
    if (!body.empty()) headers.emplace_back("content-type", "application/json");
  }
  std::string cookie;
  for (const auto& [name, value] : cookies_) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
  if (!cookie.empty()) headers.emplace_back("cookie", cookie);
  auto response = harness_.send(harness_.request(std::move(method), std::move(target), headers, std::move(body)));
  keep_cookies(response);
  return response;
}

void test_browser::keep_cookies(const http_response& response) {
  for (const auto& line : headers_named(response, "Set-Cookie")) {
    const auto pair = line.substr(0, line.find(';'));
    const auto equals = pair.find('=');
    const auto name = pair.substr(0, equals);
    const auto value = pair.substr(equals + 1);
    if (value.empty() || line.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
}

std::string totp_code(std::string_view base32_secret, timestamp at) {
  const auto key = otp::base32_decode(base32_secret);
  if (!key) throw std::invalid_argument("not base32");
  const auto code = otp::totp(openssl_hmac(), *key, otp::totp_parameters{}, at);
  if (!code) throw std::invalid_argument("TOTP failed");
  return *code;
}

std::string last_mailed_code(app_harness& harness) {
  const std::string text = harness.database().text("SELECT text_body FROM mail_outbox ORDER BY id DESC LIMIT 1");
  std::smatch match;
  static const std::regex code_line(R"((^|\n) *([0-9]{6})\n)");
  if (!std::regex_search(text, match, code_line)) throw std::runtime_error("no code in: " + text);
  return match[2];
}

std::int64_t mail_count(app_harness& harness) { return harness.database().integer("SELECT count(*) FROM mail_outbox"); }

enabled_app enable_app(test_browser& browser, app_harness& harness) {
  const auto started = browser.post("/api/me/two-factor/app");
  EXPECT_EQ(started.status, 200U) << started.body;
  const std::string secret = json_of(started)["secret"];
  const auto confirmed = browser.post("/api/me/two-factor/confirm", code_body(totp_code(secret, harness.clock.now())));
  EXPECT_EQ(confirmed.status, 200U) << confirmed.body;
  return {.secret = secret, .backup_codes = json_of(confirmed)["backup_codes"]["codes"]};
}

std::vector<std::string> enable_email(test_browser& browser, app_harness& harness) {
  const auto started = browser.post("/api/me/two-factor/email");
  EXPECT_EQ(started.status, 200U) << started.body;
  const auto confirmed = browser.post("/api/me/two-factor/confirm", code_body(last_mailed_code(harness)));
  EXPECT_EQ(confirmed.status, 200U) << confirmed.body;
  return json_of(confirmed)["backup_codes"]["codes"];
}

std::string code_body(std::string_view code) { return nlohmann::json{{"code", code}}.dump(); }

std::string backup_code_body(std::string_view code) { return nlohmann::json{{"backup_code", code}}.dump(); }

}  // namespace twofold::server::testing
