#pragma once
// An OpenID provider's discovery document (OpenID Connect Discovery 1.0 §3)
// and keys (RFC 7517 JWK Set), fetched on demand and kept for an hour; a
// document is fetched again after a failure with it, and the keys once more
// when a token names a key they lack (a provider rotated its keys), at most
// once a minute per provider so a stream of bad tokens cannot make us hammer it.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "runtime/http_fetch.hpp"
#include "sso/sso_failure.hpp"
#include "twofold/result.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

struct openid_metadata {
  std::string issuer;  // may hold "{tenantid}": Microsoft's multi-tenant documents
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  bool client_secret_basic = true;  // else client_secret_post (token_endpoint_auth_methods_supported)
};

// A discovery document: a JSON object with the four members above, their
// endpoints fetchable URLs (runtime/http_fetch.hpp); provider_garbage otherwise.
[[nodiscard]] result<openid_metadata, sso_failure> parse_metadata(std::string_view json);

class openid_directory {
 public:
  using getter = std::function<fetch_result(const std::string& url)>;

  // `get`: how a document is fetched (http_get in the server, a stand-in in tests).
  explicit openid_directory(getter get);

  [[nodiscard]] result<openid_metadata, sso_failure> metadata(const std::string& discovery_url, timestamp now);
  // The JWK Set's JSON text; `refresh`: the cached keys lacked a token's kid.
  [[nodiscard]] result<std::string, sso_failure> keys(const std::string& jwks_uri, timestamp now, bool refresh);
  // Drops a document after a failure with it, so the next use fetches it anew.
  void forget(const std::string& discovery_url);

 private:
  struct entry {
    std::string text;
    timestamp fetched_at{};
  };
  [[nodiscard]] result<std::string, sso_failure> fetch_json(const std::string& url);

  getter get_;
  std::mutex mutex_;
  std::map<std::string, entry, std::less<>> documents_;  // by URL: discovery documents and key sets
};

inline constexpr std::chrono::seconds openid_cache_lifetime{60 * 60};
inline constexpr std::chrono::seconds key_refresh_interval{60};

}  // namespace twofold::server
