#include "app/watch_api.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/api_answers.hpp"
#include "app/request_language.hpp"
#include "config/config.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "runtime/server_metrics.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view bearer_scheme = "bearer ";

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// A keyed-free BLAKE2b digest: equal lengths for sodium_memcmp, whatever was sent.
std::array<unsigned char, 32> digest_of(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return digest;
}

// The outboxes' depth and the age of their oldest message, read at scrape.
void append_outboxes(std::string& text, storage& store, timestamp now) {
  const std::array backlogs{std::pair{"mail", store.mail_backlog()}, std::pair{"sms", store.sms_backlog()}};
  std::vector<gauge_sample> depth;
  std::vector<gauge_sample> age;
  for (const auto& [channel, backlog] : backlogs) {
    depth.push_back({{{"channel", channel}}, static_cast<double>(backlog.unsent)});
    const auto oldest = backlog.oldest.value_or(now);
    age.push_back({{{"channel", channel}}, static_cast<double>(std::max<std::int64_t>(0, (now - oldest).count()))});
  }
  append_gauge_family(text, "twofold_outbox_messages", "Messages waiting in the outbox, by channel.", depth);
  append_gauge_family(text, "twofold_outbox_oldest_age_seconds",
                      "Age of the oldest message waiting in the outbox, by channel; 0 when none waits.", age);
}

}  // namespace

bool is_watch_path(std::string_view path) {
  return std::any_of(watch_paths.begin(), watch_paths.end(), [&](const watch_path& each) { return each.path == path; });
}

bool bearer_token_matches(std::string_view authorization, std::string_view token) {
  if (token.empty() || !starts_with_ignoring_case(authorization, bearer_scheme)) return false;
  auto sent = authorization.substr(bearer_scheme.size());
  while (!sent.empty() && sent.front() == ' ') sent.remove_prefix(1);
  const auto expected = digest_of(token);
  const auto given = digest_of(sent);
  return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

http_response readiness_answer(storage& store, std::span<const watched_worker> workers, logger& log) {
  auto failing = nlohmann::json::array();
  nlohmann::json problems = nlohmann::json::object();
  if (const auto problem = store.readiness_problem()) {
    failing.push_back("database");
    problems["database"] = *problem;
  }
  for (const auto& watched : workers) {
    if (watched.running()) continue;
    failing.push_back(watched.name);
    problems[watched.name] = watched.problem;
  }
  if (failing.empty()) return json_answer(200, R"({"status":"ready"})");
  // The details are for the operator's log, not for whoever asks.
  log.warn("health.not_ready", problems);
  return json_answer(503, nlohmann::json{{"status", "not_ready"}, {"failing", failing}}.dump());
}

std::optional<http_response> metrics_answer(const http_request& request, const config& cfg, storage& store,
                                            const clock& clk) {
  if (cfg.metrics_token.empty()) return std::nullopt;
  if (!bearer_token_matches(request.header("authorization"), cfg.metrics_token)) {
    auto answer = error_answer(401, "metrics_token_required", answer_language(std::nullopt, request.header("accept-language")));
    answer.headers.emplace_back("WWW-Authenticate", R"(Bearer realm="twofold-metrics")");
    return answer;
  }
  auto text = server_metrics::process().render();
  try {
    append_outboxes(text, store, clk.now());
  } catch (const storage_failure&) {
    // The database failed (and counted it): the rest still tells what happened.
  }
  return http_response{.status = 200,
                       .headers = {{"Content-Type", std::string(metrics_content_type)}, {"Cache-Control", "no-store"}},
                       .body = std::move(text)};
}

}  // namespace twofold::server
