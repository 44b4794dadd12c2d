#include "app/app.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "app/admin_audit_api.hpp"
#include "app/admin_sessions_api.hpp"
#include "app/admin_people_api.hpp"
#include "app/admin_security_api.hpp"
#include "app/admin_two_factor_api.hpp"
#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/csrf.hpp"
#include "app/navigation_answer.hpp"
#include "app/origin_sources.hpp"
#include "app/password_api.hpp"
#include "app/query_string.hpp"
#include "app/request_language.hpp"
#include "app/route.hpp"
#include "app/route_classes.hpp"
#include "app/router.hpp"
#include "app/security_center_api.hpp"
#include "app/sign_in_api.hpp"
#include "app/sso_api.hpp"
#include "app/static_files.hpp"
#include "app/trusted_browsers_api.hpp"
#include "app/two_factor_api.hpp"
#include "app/watch_api.hpp"
#include "runtime/background_load.hpp"
#include "runtime/logger.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view health_body = R"({"status":"ok"})";
// When a client may try again after the database was out of reach.
constexpr std::chrono::seconds database_retry_after{5};

bool reads(std::string_view method) { return method == "GET" || method == "HEAD"; }

// Outside /api/ a person may be reading: plain text rather than JSON.
http_response text_answer(unsigned status, i18n::language language, std::string_view key) {
  return http_response{.status = status,
                       .headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"}},
                       .body = std::string(i18n::translate(language, key)) + "\n"};
}

constexpr auto anyone = access::anyone;
constexpr auto flow = access::sign_in_flow;
constexpr auto signed_in = access::session;
constexpr auto admin = access::administrator;
constexpr auto no_body = body_kind::none;
constexpr auto json = body_kind::json_object;
constexpr auto json_or_empty = body_kind::json_object_or_empty;
constexpr auto in_setup = during_setup::allowed;
constexpr auto not_in_setup = during_setup::refused;
constexpr auto password_page = sign_in_state::password;
constexpr auto code_page = sign_in_state::second_factor;
constexpr auto new_password_page = sign_in_state::new_password;
constexpr auto bind_page = sign_in_state::bind;

// Every API route, declared once: method, path, who, body, whether a session
// that must set 2FA up reaches it, handler, and for a flow's routes the state
// served; hashes_password() for those that may check or set a password.
constexpr std::array api_table{
    // Signing in (app/sign_in_api.hpp)
    hashes_password(route{"POST", "/api/session", anyone, json, in_setup, sign_in_api::sign_in, password_page}),
    route{"DELETE", "/api/session", anyone, no_body, in_setup, sign_in_api::sign_out},
    route{"GET", "/api/me", signed_in, no_body, in_setup, sign_in_api::me},
    route{"PUT", "/api/me/language", signed_in, json, in_setup, sign_in_api::change_language},
    route{"GET", "/api/session/second-step", flow, no_body, in_setup, sign_in_api::second_step, code_page},
    route{"POST", "/api/session/second-step", flow, json, in_setup, sign_in_api::submit_code, code_page},
    route{"DELETE", "/api/session/second-step", anyone, no_body, in_setup, sign_in_api::cancel},
    route{"POST", "/api/session/second-step/resend", flow, no_body, in_setup, sign_in_api::resend, code_page},
    route{"GET", "/api/session/new-password", flow, no_body, not_in_setup, sign_in_api::new_password, new_password_page},
    hashes_password(route{"POST", "/api/session/new-password", flow, json, not_in_setup, sign_in_api::submit_new_password, new_password_page}),
    // Single sign-on (app/sso_api.hpp)
    route{"GET", "/api/sso/providers", anyone, no_body, not_in_setup, sso_api::providers},
    route{"POST", "/api/sso/start", anyone, json, not_in_setup, sso_api::start, password_page},
    route{"GET", "/api/session/bind", flow, no_body, not_in_setup, sso_api::bind, bind_page},
    hashes_password(route{"POST", "/api/session/bind", flow, json, not_in_setup, sso_api::submit_bind, bind_page}),
    route{"DELETE", "/api/session/bind", anyone, no_body, not_in_setup, sign_in_api::cancel},
    route{"GET", "/api/me/sso", signed_in, no_body, not_in_setup, sso_api::links},
    route{"POST", "/api/me/sso/connect", signed_in, json, not_in_setup, sso_api::connect},
    hashes_password(route{"DELETE", "/api/me/sso", signed_in, json, not_in_setup, sso_api::disconnect}),
    route{"GET", "/api/admin/sso", admin, no_body, not_in_setup, sso_api::settings},
    route{"PUT", "/api/admin/sso", admin, json, not_in_setup, sso_api::change_settings},
    // Passwords (app/password_api.hpp)
    route{"POST", "/api/password/forgot", anyone, json, not_in_setup, password_api::forgot},
    hashes_password(route{"POST", "/api/password/reset", anyone, json, not_in_setup, password_api::reset}),
    // Security settings (app/two_factor_api.hpp, app/trusted_browsers_api.hpp)
    route{"GET", "/api/me/two-factor", signed_in, no_body, in_setup, two_factor_api::status},
    hashes_password(route{"DELETE", "/api/me/two-factor", signed_in, json_or_empty, in_setup, two_factor_api::turn_off}),
    route{"POST", "/api/me/two-factor/email", signed_in, no_body, in_setup, two_factor_api::start_email},
    route{"POST", "/api/me/two-factor/app", signed_in, no_body, in_setup, two_factor_api::start_app},
    hashes_password(route{"POST", "/api/me/two-factor/sms", signed_in, json, in_setup, two_factor_api::start_sms}),
    route{"POST", "/api/me/two-factor/sms/resend", signed_in, no_body, in_setup, two_factor_api::resend_sms},
    route{"POST", "/api/me/two-factor/confirm", signed_in, json, in_setup, two_factor_api::confirm},
    route{"GET", "/api/me/backup-codes", signed_in, no_body, in_setup, two_factor_api::backup_codes},
    hashes_password(route{"POST", "/api/me/backup-codes", signed_in, json_or_empty, in_setup, two_factor_api::regenerate_backup_codes}),
    route{"POST", "/api/me/backup-codes/download", signed_in, no_body, in_setup, two_factor_api::record_download},
    route{"GET", "/api/me/trusted-browsers", signed_in, no_body, not_in_setup, trusted_browsers_api::list},
    route{"DELETE", "/api/me/trusted-browsers", signed_in, no_body, not_in_setup, trusted_browsers_api::forget_all},
    route{"DELETE", "/api/me/trusted-browsers/{id}", signed_in, no_body, not_in_setup, trusted_browsers_api::forget_one},
    // Profile > Security (app/security_center_api.hpp)
    route{"PUT", "/api/me/time-zone", signed_in, json, in_setup, security_center_api::change_time_zone},
    route{"GET", "/api/me/sessions", signed_in, no_body, not_in_setup, security_center_api::sessions},
    route{"DELETE", "/api/me/sessions/{id}", signed_in, no_body, not_in_setup, security_center_api::end_session},
    route{"POST", "/api/me/sessions/sign-out-others", signed_in, no_body, not_in_setup, security_center_api::end_other_sessions},
    route{"GET", "/api/me/devices", signed_in, no_body, not_in_setup, security_center_api::devices},
    route{"POST", "/api/me/devices/{id}/block", signed_in, no_body, not_in_setup, security_center_api::block_device},
    route{"POST", "/api/me/devices/{id}/unblock", signed_in, no_body, not_in_setup, security_center_api::unblock_device},
    route{"GET", "/api/me/locations", signed_in, no_body, not_in_setup, security_center_api::locations},
    route{"POST", "/api/me/locations/{id}/block", signed_in, no_body, not_in_setup, security_center_api::block_location},
    route{"POST", "/api/me/locations/{id}/unblock", signed_in, no_body, not_in_setup, security_center_api::unblock_location},
    route{"GET", "/api/me/audit-events", signed_in, no_body, not_in_setup, security_center_api::audit_events},
    // The admin console (app/admin_people_api.hpp, admin_two_factor_api.hpp, admin_security_api.hpp, admin_audit_api.hpp)
    route{"GET", "/api/admin/users", admin, no_body, not_in_setup, admin_people_api::list},
    hashes_password(route{"POST", "/api/admin/users", admin, json, not_in_setup, admin_people_api::create}),
    route{"PUT", "/api/admin/users/{id}", admin, json, not_in_setup, admin_people_api::edit},
    route{"DELETE", "/api/admin/users/{id}", admin, no_body, not_in_setup, admin_people_api::remove},
    route{"POST", "/api/admin/users/{id}/disable", admin, no_body, not_in_setup, admin_people_api::disable},
    route{"POST", "/api/admin/users/{id}/enable", admin, no_body, not_in_setup, admin_people_api::enable},
    route{"POST", "/api/admin/users/{id}/unlock", admin, no_body, not_in_setup, admin_people_api::unlock},
    hashes_password(route{"POST", "/api/admin/users/{id}/password", admin, json_or_empty, not_in_setup, admin_people_api::reset_password}),
    route{"POST", "/api/admin/users/{id}/backup-code", admin, no_body, not_in_setup, admin_two_factor_api::create_code},
    route{"GET", "/api/admin/backup-codes", admin, no_body, not_in_setup, admin_two_factor_api::codes},
    route{"DELETE", "/api/admin/users/{id}/two-factor", admin, no_body, not_in_setup, admin_two_factor_api::turn_off},
    route{"POST", "/api/admin/users/{id}/trusted-browsers/revoke", admin, no_body, not_in_setup, admin_two_factor_api::revoke_trusted_browsers},
    route{"GET", "/api/admin/security", admin, no_body, not_in_setup, admin_security_api::security},
    route{"PUT", "/api/admin/security", admin, json, not_in_setup, admin_security_api::change},
    route{"GET", "/api/admin/audit-events", admin, no_body, not_in_setup, admin_audit_api::list},
    // Where the company is signed in (app/admin_sessions_api.hpp)
    route{"GET", "/api/admin/sessions", admin, no_body, not_in_setup, admin_sessions_api::sessions},
    route{"DELETE", "/api/admin/sessions/{id}", admin, no_body, not_in_setup, admin_sessions_api::end_session},
    route{"POST", "/api/admin/users/{id}/sign-out", admin, no_body, not_in_setup, admin_sessions_api::sign_out_person},
    route{"GET", "/api/admin/security/activity", admin, no_body, not_in_setup, admin_sessions_api::activity},
};

// The web app's files, and what the operator should know of them.
static_files loaded_static_files(const config& cfg, logger& log) {
  static_files files(cfg.www_dir, cfg.core_dir);
  log.info("static.loaded", {{"files", files.file_count()}, {"www_dir", cfg.www_dir}, {"core_dir", cfg.core_dir}});
  if (!files.has("/index.html")) log.warn("static.missing", {{"file", "index.html"}, {"www_dir", cfg.www_dir}});
  for (const auto& include : files.missing_includes()) log.warn("static.missing_include", {{"include", include}});
  if (!files.has("/core/twofold_core.wasm") || !files.has("/core/twofold_core.js")) {
    log.warn("static.missing", {{"file", "twofold_core.js/.wasm"}, {"core_dir", cfg.core_dir}});
  }
  return files;
}

}  // namespace

app_services::app_services(const config& configuration, storage& storage_, const clock& clk_, const server_key& key,
                           const password_hasher& password_hashes, logger& logs)
    : cfg(configuration),
      store(storage_),
      clk(clk_),
      log(logs),
      hasher(password_hashes),
      links(cfg),
      agents_parser(load_user_agent_rules(cfg, logs)),
      places(load_places(cfg)),
      origin(*agents_parser, places),
      blocklist(shared_password_blocklist(cfg.password_blocklist)),
      throttle(store, "sign_in"),
      sessions(store, clk, session_policy_of(cfg)),
      sign_in(store, clk, hasher, throttle, key, links, origin, session_policy_of(cfg), *blocklist),
      step_up(store, hasher, throttle, cfg.step_up_window),
      setup(store, clk, key, step_up, origin, links.security_link()),
      settings(store, clk, key, step_up, origin, links.security_link()),
      trusted(store),
      gate(store),
      forgot_throttle(store, "forgot_password", forgot_address_backoff, forgot_account_backoff),
      resets(store, clk, hasher, forgot_throttle, links, *blocklist),
      reset_requests(store, resets, clk, logs),
      people(store, clk),
      policy(store, clk),
      agent_two_factor(store, clk, key),
      agents(store, clk),
      accounts(store, clk, hasher, links, *blocklist),
      sso(store, clk, key, links, origin, step_up, session_policy_of(cfg)),
      sso_settings(store, clk, key),
      where_signed_in(store, clk, session_policy_of(cfg)),
      sign_out(store, clk, session_policy_of(cfg)),
      origins(store, clk, origin),
      activity(store, clk) {}

struct app::impl {
  impl(const config& cfg, storage& store, const clock& clk, const server_key& key, const password_hasher& hasher,
       logger& log)
      : services(cfg, store, clk, key, hasher, log),
        routes(api_table, services.sessions, services.gate, log),
        files([&cfg, &log] { return loaded_static_files(cfg, log); }) {
    watch_loading();
  }
  // The rules' load may still be logging to this app's logger (the files'
  // load is waited for by its own destructor).
  ~impl() { services.agents_parser->wait(); }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;

  void watch_loading();

  [[nodiscard]] http_response route(const http_request& request);
  [[nodiscard]] http_response route_watch(const http_request& request, std::string_view path);
  [[nodiscard]] http_response route_static(const http_request& request, std::string_view path);

  app_services services;
  router routes;
  // Read, hashed and compressed on a thread of their own while the server
  // already listens; a request for a file waits for them.
  background_load<static_files> files;
  std::vector<watched_worker> workers;
};

http_response app::impl::route(const http_request& request) {
  const auto path = path_of(request.target);
  const bool api = path == "/api" || path.starts_with("/api/");
  if (api && is_navigation(request)) {
    return navigation_answer(answer_language(std::nullopt, request.header("accept-language")));
  }
  if (!passes_csrf_check(request, services.cfg)) {
    services.log.warn(
        "security.csrf_rejected",
        {{"method", request.method}, {"path", path}, {"origin", request.header("origin")}, {"ip", request.remote_ip}});
    return error_answer(403, "csrf_failed", routes.language_of(request));
  }
  if (api) return routes.dispatch(services, request, path);
  if (is_watch_path(path)) return route_watch(request, path);
  if (path == sso_callback_path && reads(request.method)) return sso_callback_answer(services, request);
  return route_static(request, path);
}

// /healthz: the process answers; /readyz and /metrics: app/watch_api.hpp.
http_response app::impl::route_watch(const http_request& request, std::string_view path) {
  if (!reads(request.method)) {
    auto answer = error_answer(405, "method_not_allowed", routes.language_of(request));
    answer.headers.emplace_back("Allow", "GET, HEAD");
    return answer;
  }
  if (path == "/readyz") return readiness_answer(services.store, workers, services.log);
  if (path == "/metrics") {
    auto answer = metrics_answer(request, services.cfg, services.store, services.clk);
    return answer ? *std::move(answer) : route_static(request, path);
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
  if (auto answer = files.get().serve(request, path)) return *std::move(answer);
  return text_answer(404, language, "error.not_found");
}

// Loaded on threads of their own while the server already listens: sign-ins
// wait for them, so /readyz says not ready until they are there.
void app::impl::watch_loading() {
  workers.push_back({.name = "user_agent_rules",
                     .running = [parser = services.agents_parser] { return parser->ready(); },
                     .problem = "not_loaded"});
  workers.push_back({.name = "password_blocklist",
                     .running = [blocklist = services.blocklist] { return blocklist->ready(); },
                     .problem = "not_loaded"});
  workers.push_back({.name = "static_files", .running = [this] { return files.loaded(); }, .problem = "not_loaded"});
}

app::app(const config& cfg, storage& store, const clock& clk, const server_key& key, const password_hasher& hasher,
         logger& log)
    : impl_(std::make_unique<impl>(cfg, store, clk, key, hasher, log)) {}

app::~app() = default;

void app::listening_on(std::uint16_t port) { impl_->services.links.listening_on(port); }

password_reset_worker& app::reset_requests() { return impl_->services.reset_requests; }

void app::watch(std::string_view name, std::function<bool()> running) {
  impl_->workers.push_back({.name = std::string(name), .running = std::move(running)});
}

http_response app::handle(const http_request& request) {
  http_response response;
  try {
    response = impl_->route(request);
  } catch (const storage_unavailable& error) {
    // The database is out of reach (a restart, a lost network, a lock held
    // too long) or lost every try of a race: nothing was written, and the
    // same request shortly after may well be answered.
    impl_->services.log.error("app.database_unavailable",
                              {{"method", request.method}, {"path", path_of(request.target)}, {"error", error.what()}});
    response = error_answer(503, "unavailable", answer_language(std::nullopt, request.header("accept-language")));
    response.headers.emplace_back("Retry-After", std::to_string(database_retry_after.count()));
  } catch (const std::exception& error) {
    impl_->services.log.error("app.internal_error",
                              {{"method", request.method}, {"path", path_of(request.target)}, {"error", error.what()}});
    // The database may be what failed: choose the language without it.
    response = error_answer(500, "internal", answer_language(std::nullopt, request.header("accept-language")));
  }
  response.route = class_of_path(path_of(request.target), api_table);
  return response;
}

request_lane app::lane_of(const http_request& request) const {
  const auto path = path_of(request.target);
  if (path == "/api" || path.starts_with("/api/")) {
    const auto found = std::find_if(api_table.begin(), api_table.end(), [&](const route& each) {
      return each.method == request.method && match_route_path(each.path, path).has_value();
    });
    return found == api_table.end() ? request_lane::workers : found->lane;
  }
  // Other methods are refused in the session's language, read from the database.
  if (!reads(request.method) || path == sso_callback_path) return request_lane::workers;
  if (is_watch_path(path) && path != "/healthz") return request_lane::workers;
  // Until they are loaded, a request for a file waits for them, but not on the I/O thread.
  if (!is_watch_path(path) && !impl_->files.loaded()) return request_lane::workers;
  return request_lane::io_thread;
}

std::span<const route> app::api_routes() { return api_table; }

}  // namespace twofold::server
