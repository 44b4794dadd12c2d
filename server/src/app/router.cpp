#include "app/router.hpp"

#include <charconv>

#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/request_language.hpp"
#include "app/session_cookie.hpp"
#include "app/setup_gate.hpp"
#include "app/sign_in_api.hpp"
#include "auth/session_token.hpp"
#include "runtime/bounded_json.hpp"
#include "runtime/logger.hpp"
#include "twofold/text/stored_text.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view id_segment = "{id}";
constexpr std::size_t max_user_agent_bytes = 256;

std::optional<row_id> positive_number(std::string_view text) {
  row_id value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

bool needs_session(const route& chosen) { return chosen.who == access::session || chosen.who == access::administrator; }

i18n::language browser_language(const http_request& request) {
  return answer_language(std::nullopt, request.header("accept-language"));
}

http_response not_signed_in(const http_request& request) {
  auto answer = error_answer(401, "not_signed_in", browser_language(request));
  // A stale cookie is of no use to the browser any more.
  if (session_cookie_value(request)) answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls));
  return answer;
}

// The body as the route takes it, or why not: a body within the JSON limits
// that is no object is as malformed as broken JSON.
result<nlohmann::json, json_refusal> body_of(body_kind kind, std::string_view text) {
  if (kind == body_kind::none) return nlohmann::json();
  if (kind == body_kind::json_object_or_empty && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return nlohmann::json::object();
  }
  auto parsed = parse_bounded_json(text);
  if (parsed && !parsed->is_object()) return failure{json_refusal::malformed};
  return parsed;
}

}  // namespace

void give_device_cookie(request_context& context) {
  auto token = new_session_token();
  context.client.device = token.hash;
  context.new_device = std::move(token.cookie_value);
}

client_info client_of(const http_request& request) {
  const auto device = session_cookie_value(request, cookie_kind::device);
  return client_info{.ip = request.remote_ip,
                     .user_agent = text::stored_text(request.header("user-agent"), max_user_agent_bytes),
                     .device = device ? hash_of_cookie_value(*device) : std::nullopt};
}

std::string_view access_name(access who) {
  switch (who) {
    case access::anyone: return "anyone";
    case access::sign_in_flow: return "sign_in_flow";
    case access::session: return "session";
    case access::administrator: return "administrator";
  }
  return "anyone";
}

std::optional<row_id> match_route_path(std::string_view pattern, std::string_view path) {
  const auto at = pattern.find(id_segment);
  if (at == std::string_view::npos) return pattern == path ? std::optional<row_id>(0) : std::nullopt;
  const auto prefix = pattern.substr(0, at);
  const auto suffix = pattern.substr(at + id_segment.size());
  if (path.size() <= prefix.size() + suffix.size() || !path.starts_with(prefix) || !path.ends_with(suffix)) {
    return std::nullopt;
  }
  return positive_number(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
}

router::router(std::span<const route> routes, session_service& sessions, const setup_gate& gate, logger& log)
    : routes_(routes), sessions_(sessions), gate_(gate), log_(log) {}

i18n::language router::language_of(const http_request& request) const {
  const auto cookie = session_cookie_value(request);
  const auto session = cookie ? sessions_.peek(*cookie) : std::nullopt;
  return answer_language(session ? std::optional(session->language) : std::nullopt, request.header("accept-language"));
}

http_response router::dispatch(app_services& services, const http_request& request, std::string_view path) const {
  std::string allowed;
  for (const auto& candidate : routes_) {
    const auto id = match_route_path(candidate.path, path);
    if (!id) continue;
    if (candidate.method != request.method) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(candidate.method);
      continue;
    }
    // A route that needs a session takes its language from the session it
    // resumes (refusal below), or refuses in the browser's: no lookup here.
    request_context context{.request = request,
                            .language = needs_session(candidate) ? browser_language(request) : language_of(request),
                            .client = client_of(request),
                            .session = std::nullopt,
                            .body = nullptr,
                            .id = *id == 0 ? std::nullopt : id,
                            .flow_cookie = {},
                            .new_device = std::nullopt};
    if (auto refused = refusal(candidate, context)) return *std::move(refused);
    if (candidate.flow_state && !context.client.device) give_device_cookie(context);
    auto answer = candidate.handler(services, context);
    if (context.new_device) {
      answer.headers.emplace_back("Set-Cookie", session_cookie(*context.new_device, request.tls, cookie_kind::device));
    }
    return answer;
  }
  if (allowed.empty()) return error_answer(404, "not_found", language_of(request));
  auto answer = error_answer(405, "method_not_allowed", language_of(request));
  answer.headers.emplace_back("Allow", allowed);
  return answer;
}

// What refuses the request before its handler, in the order the header says.
std::optional<http_response> router::refusal(const route& chosen, request_context& context) const {
  const auto& request = context.request;
  const auto cookie = session_cookie_value(request);
  if (needs_session(chosen)) {
    context.session = cookie ? sessions_.resume(*cookie) : std::nullopt;
    if (!context.session) return not_signed_in(request);
    context.language = context.session->language;
  }
  if (chosen.setup == during_setup::refused && cookie) {
    // The session resumed above, or, on a route anyone may use, the one the cookie names.
    const auto session = context.session ? context.session : sessions_.peek(*cookie);
    if (session && gate_.setup_required(session->account)) {
      return error_answer(403, "two_factor_setup_required", session->language);
    }
  }
  if (chosen.who == access::administrator && context.session->account.role != user_role::admin) {
    log_.warn("admin.forbidden", {{"user_id", context.session->account.id}, {"path", path_of(request.target)}});
    return error_answer(403, "forbidden", context.language);
  }
  if (chosen.who == access::sign_in_flow) {
    const auto flow = session_cookie_value(request, cookie_kind::sign_in);
    if (!flow) return flow_gone_answer(chosen.flow_state.value_or(sign_in_state::second_factor), context);
    context.flow_cookie = *flow;
  }
  auto body = body_of(chosen.body, request.body);
  if (!body) {
    const bool too_complex = body.error() == json_refusal::too_complex;
    auto answer = error_answer(400, too_complex ? "json_too_complex" : "malformed_json", context.language);
    return chosen.flow_state ? with_flow_state(std::move(answer), *chosen.flow_state) : answer;
  }
  context.body = std::move(body).value();
  return std::nullopt;
}

}  // namespace twofold::server
