#include "sso/openid_metadata.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "runtime/bounded_json.hpp"

namespace twofold::server {

namespace {

std::optional<std::string> fetchable_member(const nlohmann::json& document, const char* name) {
  const auto found = document.find(name);
  if (found == document.end() || !found->is_string()) return std::nullopt;
  auto url = found->get<std::string>();
  if (!fetchable_url(url)) return std::nullopt;
  return url;
}

bool supports_basic(const nlohmann::json& document) {
  const auto methods = document.find("token_endpoint_auth_methods_supported");
  // Absent, the default is client_secret_basic (Discovery §3).
  if (methods == document.end() || !methods->is_array()) return true;
  return std::ranges::find(*methods, nlohmann::json("client_secret_basic")) != methods->end();
}

}  // namespace

result<openid_metadata, sso_failure> parse_metadata(std::string_view json) {
  const auto parsed = parse_bounded_json(json);
  if (!parsed || !parsed->is_object()) return failure{sso_failure::provider_garbage};
  const auto& document = *parsed;
  const auto issuer = document.find("issuer");
  auto authorization = fetchable_member(document, "authorization_endpoint");
  auto token = fetchable_member(document, "token_endpoint");
  auto jwks = fetchable_member(document, "jwks_uri");
  if (issuer == document.end() || !issuer->is_string() || issuer->get<std::string>().empty() || !authorization ||
      !token || !jwks) {
    return failure{sso_failure::provider_garbage};
  }
  return openid_metadata{.issuer = issuer->get<std::string>(),
                         .authorization_endpoint = *std::move(authorization),
                         .token_endpoint = *std::move(token),
                         .jwks_uri = *std::move(jwks),
                         .client_secret_basic = supports_basic(document)};
}

openid_directory::openid_directory(getter get) : get_(std::move(get)) {}

result<std::string, sso_failure> openid_directory::fetch_json(const std::string& url) {
  const auto answer = get_(url);
  if (const auto* failed = std::get_if<fetch_failure>(&answer)) {
    return failure{*failed == fetch_failure::too_large ? sso_failure::provider_garbage : sso_failure::provider_unreachable};
  }
  const auto& got = std::get<fetched>(answer);
  if (got.status != 200) return failure{sso_failure::provider_unreachable};
  return got.body;
}

result<openid_metadata, sso_failure> openid_directory::metadata(const std::string& discovery_url, timestamp now) {
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = documents_.find(discovery_url);
        found != documents_.end() && now < found->second.fetched_at + openid_cache_lifetime) {
      return parse_metadata(found->second.text);
    }
  }
  auto text = fetch_json(discovery_url);
  if (!text) return failure{text.error()};
  auto parsed = parse_metadata(*text);
  if (parsed) {
    const std::lock_guard lock(mutex_);
    documents_.insert_or_assign(discovery_url, entry{.text = *std::move(text), .fetched_at = now});
  }
  return parsed;
}

result<std::string, sso_failure> openid_directory::keys(const std::string& jwks_uri, timestamp now, bool refresh) {
  {
    const std::lock_guard lock(mutex_);
    const auto found = documents_.find(jwks_uri);
    const bool fresh = found != documents_.end() && now < found->second.fetched_at + openid_cache_lifetime;
    const bool recently = found != documents_.end() && now < found->second.fetched_at + key_refresh_interval;
    if (fresh && (!refresh || recently)) return found->second.text;
  }
  auto text = fetch_json(jwks_uri);
  if (!text) return failure{text.error()};
  const std::lock_guard lock(mutex_);
  documents_.insert_or_assign(jwks_uri, entry{.text = *text, .fetched_at = now});
  return *std::move(text);
}

void openid_directory::forget(const std::string& discovery_url) {
  const std::lock_guard lock(mutex_);
  documents_.erase(discovery_url);
}

}  // namespace twofold::server
