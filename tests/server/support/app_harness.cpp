#include "support/app_harness.hpp"

#include <algorithm>
#include <cctype>

#include "app/origin_sources.hpp"
#include "auth/password_blocklist.hpp"
#include "auth/password_hasher.hpp"
#include "flows/password_reset_worker.hpp"

namespace twofold::server::testing {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

void write_web_app(const std::filesystem::path& root) {
  write_file(root / "www/index.html", "<!doctype html><title>Sign in</title>");
  write_file(root / "www/admin/index.html", "<!doctype html><title>Admin</title>");
  write_file(root / "www/agent/index.html", "<!doctype html><title>Agent</title>");
  write_file(root / "www/terms.html", "<!doctype html><title>Terms</title>");
  write_file(root / "www/shared.html", "<!doctype html>\n<!--#include \"/partials/head.html\" -->\n<p>page\n"
                                        "<!--#include \"/partials/missing.html\" -->\n");
  write_file(root / "www/partials/head.html", "<title>Shared head</title>");
  write_file(root / "www/css/app.css", "body { margin: 0; }");
  write_file(root / "www/js/app.js", "export const ready = true;");
  write_file(root / "www/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  write_file(root / "www/.env", "SECRET=1");
  write_file(root / "www/.git/config", "[core]");
  write_file(root / "www/notes.bak", "backup");
  write_file(root / "secret.txt", "outside the web folder");
  write_file(root / "core/twofold_core.js", "var TwofoldCore = function() {};");
  write_file(root / "core/twofold_core.wasm", std::string("\0asm\1\0\0\0", 8));
  write_file(root / "core/other.wasm", std::string("\0asm\1\0\0\0", 8));
}

}  // namespace

app_harness::app_harness(const std::function<void(config&)>& adjust, argon2_parameters seed_parameters,
                         test_backend backend, background_loads loads) {
  write_web_app(dir.path());
  cfg.data_dir = (dir.path() / "data").string();
  cfg.www_dir = (dir.path() / "www").string();
  cfg.core_dir = (dir.path() / "core").string();
  cfg.argon2_memory_kib = fast_argon2.memory_kib;
  cfg.argon2_iterations = fast_argon2.iterations;
  if (adjust) adjust(cfg);
  database_ = backend == test_backend::sqlite ? std::make_unique<test_database>(cfg.data_dir)
                                              : std::make_unique<test_database>(backend);
  store_ = database_->migrated(clock.now());
  seed_acme(*store_, password_hasher(seed_parameters), clock.now());
  store_->set_mail_listener([this] { ++mail_notifications; });
  hasher_ = std::make_unique<password_hasher>(
      argon2_parameters{.memory_kib = cfg.argon2_memory_kib, .iterations = cfg.argon2_iterations});
  app_ = std::make_unique<app>(cfg, *store_, clock, key, *hasher_, log_);
  // The web app's files load in the background too: a request for one waits for them.
  static_cast<void>(get("/"));
  if (loads == background_loads::awaited) {
    load_user_agent_rules(cfg, log_)->wait();
    shared_password_blocklist(cfg.password_blocklist)->wait();
  }
}

http_request app_harness::request(std::string method, std::string target, const header_list& headers,
                                  std::string body) const {
  http_request built{.method = std::move(method),
                     .target = std::move(target),
                     .headers = {{"host", std::string(test_host)}},
                     .body = std::move(body),
                     .remote_ip = std::string(test_client_ip),
                     .tls = false};
  for (const auto& [name, value] : headers) built.headers[name] = value;
  return built;
}

void app_harness::serve_through(storage& wrapped) {
  app_ = std::make_unique<app>(cfg, wrapped, clock, key, *hasher_, log_);
}

std::size_t app_harness::resolve_reset_requests() { return app_->reset_requests().resolve_due(); }

http_response app_harness::send(const http_request& request) { return app_->handle(request); }

http_response app_harness::get(std::string target, const header_list& headers) {
  return send(request("GET", std::move(target), headers));
}

http_response app_harness::post(std::string target, std::string body, const header_list& headers) {
  header_list all{
      {"x-requested-with", "twofold"}, {"origin", std::string(test_origin)}, {"content-type", "application/json"}};
  all.insert(all.end(), headers.begin(), headers.end());
  return send(request("POST", std::move(target), all, std::move(body)));
}

http_response app_harness::remove(std::string target, const header_list& headers) {
  header_list all{{"x-requested-with", "twofold"}, {"origin", std::string(test_origin)}};
  all.insert(all.end(), headers.begin(), headers.end());
  return send(request("DELETE", std::move(target), all));
}

http_response app_harness::sign_in(std::string_view company, std::string_view account, std::string_view password,
                                   const header_list& headers) {
  return post("/api/session", sign_in_body(company, account, password), headers);
}

http_response app_harness::sign_in_as(const test_account& account, const header_list& headers) {
  return sign_in(acme, account.username, account.password, headers);
}

std::string header_of(const http_response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (same_name(key, name)) return value;
  }
  return {};
}

std::vector<std::string> headers_named(const http_response& response, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : response.headers) {
    if (same_name(key, name)) values.push_back(value);
  }
  return values;
}

std::string cookie_of(const http_response& response) {
  const std::string set_cookie = header_of(response, "Set-Cookie");
  return set_cookie.substr(0, set_cookie.find(';'));
}

nlohmann::json json_of(const http_response& response) { return nlohmann::json::parse(response.body); }

std::string sign_in_body(std::string_view company, std::string_view account, std::string_view password) {
  return nlohmann::json{{"company", company}, {"account", account}, {"password", password}}.dump();
}

}  // namespace twofold::server::testing
