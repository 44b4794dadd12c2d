#include "app/app.hpp"

#include <array>
#include <string_view>

#include "admin/agent_accounts.hpp"
#include "admin/people.hpp"
#include "admin/agent_two_factor.hpp"
#include "app/agent_accounts_api.hpp"
#include "admin/two_factor_policy_admin.hpp"
#include "app/admin_api.hpp"
#include "app/admin_two_factor_api.hpp"
#include "admin/agent_changes.hpp"
#include "app/admin_agents_api.hpp"
#include "app/admin_audit_api.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/csrf.hpp"
#include "app/password_api.hpp"
#include "app/request_language.hpp"
#include "app/security_headers.hpp"
#include "app/second_step_api.hpp"
#include "app/session_api.hpp"
#include "app/setup_gate.hpp"
#include "app/trusted_browsers_api.hpp"
#include "app/two_factor_api.hpp"
#include "app/static_files.hpp"
#include "flows/new_password_step.hpp"
#include "auth/password_hasher.hpp"
#include "flows/password_reset.hpp"
#include "auth/public_links.hpp"
#include "auth/sessions.hpp"
#include "flows/sign_in.hpp"
#include "auth/sign_in_throttle.hpp"
#include "auth/step_up.hpp"
#include "flows/second_step.hpp"
#include "two_factor/server_key.hpp"
#include "flows/two_factor_settings.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view health_body = R"({"status":"ok"})";

bool reads(std::string_view method) { return method == "GET" || method == "HEAD"; }

session_policy session_policy_of(const config& cfg) {
  session_policy policy;
  policy.idle_timeout = cfg.session_idle_timeout;
  policy.absolute_timeout = cfg.session_absolute_timeout;
  return policy;
}

// Outside /api/ a person may be reading: plain text rather than JSON.
http_response text_answer(unsigned status, i18n::language language, std::string_view key) {
  return http_response{.status = status,
                       .headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"}},
                       .body = std::string(i18n::translate(language, key)) + "\n"};
}

}  // namespace

struct app::impl {
  impl(const config& configuration, storage& store, const clock& clk, const server_key& key, logger& logs)
      : cfg(configuration),
        log(logs),
        hasher(argon2_parameters{.memory_kib = cfg.argon2_memory_kib, .iterations = cfg.argon2_iterations}),
        sessions(store, clk, session_policy_of(cfg)),
        second_steps(store, clk, key, session_policy_of(cfg)),
        sign_in(store, clk, hasher, throttle, second_steps, session_policy_of(cfg)),
        step_up(store, hasher, throttle, cfg.step_up_window),
        settings(store, clk, key, step_up),
        gate(store, sessions),
        api(cfg, sign_in, sessions, gate, log),
        second_step(cfg, second_steps, log),
        two_factor(cfg, settings, sessions, log),
        people(store, clk),
        policy(store, clk),
        admin(cfg, people, policy, sessions, log),
        agent_two_factor(store, clk, key),
        admin_two_factor(sessions, agent_two_factor, log),
        agents(store, clk),
        admin_agents(cfg, agents, sessions, log),
        admin_audit(store, sessions, log),
        trust(store, clk, policy, sessions, log),
        files(cfg.www_dir, cfg.core_dir),
        links(cfg),
        forgot_throttle(forgot_address_backoff, forgot_account_backoff),
        resets(store, clk, hasher, forgot_throttle, links),
        new_password_steps(store, clk, hasher, links, session_policy_of(cfg)),
        passwords(cfg, resets, new_password_steps, gate, log),
        accounts(store, clk, hasher, links),
        accounts_api(cfg, accounts, sessions, log) {}

  [[nodiscard]] http_response route(const http_request& request);
  [[nodiscard]] http_response route_api(const http_request& request, std::string_view path);
  [[nodiscard]] http_response route_health(const http_request& request);
  [[nodiscard]] http_response route_static(const http_request& request, std::string_view path);
  void report_static_files() const;

  const config cfg;
  logger& log;
  password_hasher hasher;
  sign_in_throttle throttle;
  session_service sessions;
  second_step_service second_steps;
  sign_in_service sign_in;
  step_up_check step_up;
  two_factor_settings settings;
  setup_gate gate;
  session_api api;
  second_step_api second_step;
  two_factor_api two_factor;
  people_admin people;
  two_factor_policy_admin policy;
  admin_api admin;
  agent_two_factor_admin agent_two_factor;
  admin_two_factor_api admin_two_factor;
  agent_changes agents;
  admin_agents_api admin_agents;
  admin_audit_api admin_audit;
  trusted_browsers_api trust;
  static_files files;
  public_links links;
  sign_in_throttle forgot_throttle;
  password_reset_service resets;
  new_password_step_service new_password_steps;
  password_api passwords;
  agent_accounts accounts;
  agent_accounts_api accounts_api;
};

namespace {

struct api_route {
  std::string_view method;
  std::string_view path;
  http_response (*handler)(app::impl&, const http_request&);
};

constexpr std::array api_table{
    api_route{"POST", "/api/session", [](app::impl& a, const http_request& r) { return a.api.sign_in(r); }},
    api_route{"DELETE", "/api/session", [](app::impl& a, const http_request& r) { return a.api.sign_out(r); }},
    api_route{"GET", "/api/me", [](app::impl& a, const http_request& r) { return a.api.me(r); }},
    api_route{"GET", "/api/session/second-step",
              [](app::impl& a, const http_request& r) { return a.second_step.status(r); }},
    api_route{"POST", "/api/session/second-step",
              [](app::impl& a, const http_request& r) { return a.second_step.verify(r); }},
    api_route{"DELETE", "/api/session/second-step",
              [](app::impl& a, const http_request& r) { return a.second_step.cancel(r); }},
    api_route{"POST", "/api/session/second-step/resend",
              [](app::impl& a, const http_request& r) { return a.second_step.resend(r); }},
    api_route{"GET", "/api/me/two-factor", [](app::impl& a, const http_request& r) { return a.two_factor.status(r); }},
    api_route{"DELETE", "/api/me/two-factor",
              [](app::impl& a, const http_request& r) { return a.two_factor.turn_off(r); }},
    api_route{"POST", "/api/me/two-factor/email",
              [](app::impl& a, const http_request& r) { return a.two_factor.start_email(r); }},
    api_route{"POST", "/api/me/two-factor/app",
              [](app::impl& a, const http_request& r) { return a.two_factor.start_app(r); }},
    api_route{"POST", "/api/me/two-factor/confirm",
              [](app::impl& a, const http_request& r) { return a.two_factor.confirm(r); }},
    api_route{"GET", "/api/me/backup-codes",
              [](app::impl& a, const http_request& r) { return a.two_factor.backup_codes(r); }},
    api_route{"POST", "/api/me/backup-codes",
              [](app::impl& a, const http_request& r) { return a.two_factor.regenerate_backup_codes(r); }},
    api_route{"POST", "/api/me/backup-codes/download",
              [](app::impl& a, const http_request& r) { return a.two_factor.record_download(r); }},
    api_route{"GET", "/api/admin/users", [](app::impl& a, const http_request& r) { return a.admin.list_users(r); }},
    api_route{"POST", admin_api::unlock_path,
              [](app::impl& a, const http_request& r) { return a.admin.unlock(r); }},
    api_route{"GET", "/api/admin/security", [](app::impl& a, const http_request& r) { return a.admin.security(r); }},
    api_route{"PUT", "/api/admin/security",
              [](app::impl& a, const http_request& r) { return a.admin.change_security(r); }},
    api_route{"POST", admin_two_factor_api::code_path,
              [](app::impl& a, const http_request& r) { return a.admin_two_factor.create_code(r); }},
    api_route{"GET", admin_two_factor_api::codes_path,
              [](app::impl& a, const http_request& r) { return a.admin_two_factor.codes(r); }},
    api_route{"DELETE", admin_two_factor_api::two_factor_path,
              [](app::impl& a, const http_request& r) { return a.admin_two_factor.turn_off(r); }},
    api_route{"PUT", admin_agents_api::person_path,
              [](app::impl& a, const http_request& r) { return a.admin_agents.edit(r); }},
    api_route{"DELETE", admin_agents_api::person_path,
              [](app::impl& a, const http_request& r) { return a.admin_agents.remove(r); }},
    api_route{"POST", admin_agents_api::disable_path,
              [](app::impl& a, const http_request& r) { return a.admin_agents.disable(r); }},
    api_route{"POST", admin_agents_api::enable_path,
              [](app::impl& a, const http_request& r) { return a.admin_agents.enable(r); }},
    api_route{"GET", "/api/admin/audit-events",
              [](app::impl& a, const http_request& r) { return a.admin_audit.list(r); }},
    api_route{"POST", "/api/password/forgot", [](app::impl& a, const http_request& r) { return a.passwords.forgot(r); }},
    api_route{"POST", "/api/password/reset", [](app::impl& a, const http_request& r) { return a.passwords.reset(r); }},
    api_route{"GET", "/api/session/new-password",
              [](app::impl& a, const http_request& r) { return a.passwords.new_password_status(r); }},
    api_route{"POST", "/api/session/new-password",
              [](app::impl& a, const http_request& r) { return a.passwords.set_new_password(r); }},
    api_route{"POST", "/api/admin/users", [](app::impl& a, const http_request& r) { return a.accounts_api.create(r); }},
    api_route{"POST", agent_accounts_api::password_path,
              [](app::impl& a, const http_request& r) { return a.accounts_api.reset_password(r); }},
    api_route{"GET", "/api/me/trusted-browsers", [](app::impl& a, const http_request& r) { return a.trust.list(r); }},
    api_route{"DELETE", "/api/me/trusted-browsers",
              [](app::impl& a, const http_request& r) { return a.trust.forget_all(r); }},
    api_route{"DELETE", trusted_browsers_api::forget_one_path,
              [](app::impl& a, const http_request& r) { return a.trust.forget_one(r); }},
    api_route{"POST", trusted_browsers_api::admin_revoke_path,
              [](app::impl& a, const http_request& r) { return a.trust.admin_revoke(r); }},
};

// A route's path is either literal or has one "{id}" segment (admin_api.hpp).
bool route_matches(std::string_view pattern, std::string_view path) {
  return pattern == path || match_id_path(pattern, path).has_value();
}

}  // namespace

http_response app::impl::route(const http_request& request) {
  const auto path = path_of(request.target);
  if (!passes_csrf_check(request, cfg)) {
    log.warn(
        "security.csrf_rejected",
        {{"method", request.method}, {"path", path}, {"origin", request.header("origin")}, {"ip", request.remote_ip}});
    return error_answer(403, "csrf_failed", api.language_of(request));
  }
  if (path == "/api" || path.starts_with("/api/")) return route_api(request, path);
  if (path == "/healthz") return route_health(request);
  return route_static(request, path);
}

http_response app::impl::route_api(const http_request& request, std::string_view path) {
  if (auto refused = gate.refusal(request, path)) return *std::move(refused);
  std::string allowed;
  for (const auto& route : api_table) {
    if (!route_matches(route.path, path)) continue;
    if (route.method == request.method) return route.handler(*this, request);
    allowed += (allowed.empty() ? "" : ", ") + std::string(route.method);
  }
  if (allowed.empty()) return error_answer(404, "not_found", api.language_of(request));
  auto answer = error_answer(405, "method_not_allowed", api.language_of(request));
  answer.headers.emplace_back("Allow", allowed);
  return answer;
}

http_response app::impl::route_health(const http_request& request) {
  if (!reads(request.method)) {
    auto answer = error_answer(405, "method_not_allowed", api.language_of(request));
    answer.headers.emplace_back("Allow", "GET, HEAD");
    return answer;
  }
  return json_answer(200, std::string(health_body));
}

http_response app::impl::route_static(const http_request& request, std::string_view path) {
  const auto language = answer_language(std::nullopt, request.header("accept-language"));
  if (!reads(request.method)) {
    auto answer = text_answer(405, language, "error.method_not_allowed");
    answer.headers.emplace_back("Allow", "GET, HEAD");
    return answer;
  }
  if (auto answer = files.serve(request, path)) return *std::move(answer);
  return text_answer(404, language, "error.not_found");
}

void app::impl::report_static_files() const {
  log.info("static.loaded", {{"files", files.file_count()}, {"www_dir", cfg.www_dir}, {"core_dir", cfg.core_dir}});
  if (!files.has("/index.html")) log.warn("static.missing", {{"file", "index.html"}, {"www_dir", cfg.www_dir}});
  for (const auto& include : files.missing_includes()) log.warn("static.missing_include", {{"include", include}});
  if (!files.has("/core/twofold_core.wasm") || !files.has("/core/twofold_core.js")) {
    log.warn("static.missing", {{"file", "twofold_core.js/.wasm"}, {"core_dir", cfg.core_dir}});
  }
}

app::app(const config& cfg, storage& store, const clock& clk, const server_key& key, logger& log)
    : impl_(std::make_unique<impl>(cfg, store, clk, key, log)) {
  impl_->report_static_files();
}

app::~app() = default;

void app::listening_on(std::uint16_t port) { impl_->links.listening_on(port); }

http_response app::handle(const http_request& request) {
  http_response response;
  try {
    response = impl_->route(request);
  } catch (const std::exception& error) {
    impl_->log.error("app.internal_error",
                     {{"method", request.method}, {"path", path_of(request.target)}, {"error", error.what()}});
    // The database may be what failed: choose the language without it.
    response = error_answer(500, "internal", answer_language(std::nullopt, request.header("accept-language")));
  }
  for (auto& header : security_headers(request.tls)) response.headers.push_back(std::move(header));
  return response;
}

std::vector<route_info> app::api_routes() {
  std::vector<route_info> routes;
  for (const auto& route : api_table) routes.push_back({std::string(route.method), std::string(route.path)});
  return routes;
}

}  // namespace twofold::server
