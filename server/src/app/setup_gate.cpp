#include "app/setup_gate.hpp"

#include <nlohmann/json.hpp>

#include "app/api_answers.hpp"
#include "app/session_cookie.hpp"
#include "auth/sessions.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

bool is_or_under(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.starts_with(prefix) && path.substr(prefix.size()).starts_with("/"));
}

}  // namespace

bool reachable_during_setup(std::string_view method, std::string_view path) {
  if (path == "/api/me") return method == "GET" || method == "HEAD";
  return path == "/api/session" || is_or_under(path, "/api/session/second-step") ||
         is_or_under(path, "/api/me/two-factor") || is_or_under(path, "/api/me/backup-codes");
}

void mark_setup_required(http_response& answer) {
  auto body = nlohmann::json::parse(answer.body);
  body["home"] = two_factor_setup_home;
  body["two_factor_setup_required"] = true;
  answer.body = body.dump();
}

bool setup_gate::setup_required(const user& account) const {
  return account.company_two_factor.require_two_factor && !store_.find_two_factor(account.id);
}

std::optional<http_response> setup_gate::refusal(const http_request& request, std::string_view path) const {
  if (reachable_during_setup(request.method, path)) return std::nullopt;
  const auto cookie = session_cookie_value(request);
  const auto account = cookie ? sessions_.peek(*cookie) : std::nullopt;
  if (!account || !setup_required(*account)) return std::nullopt;
  return error_answer(403, "two_factor_setup_required", account->language);
}

}  // namespace twofold::server
