#include "app/trusted_browser_cookie.hpp"

#include "app/session_cookie.hpp"

namespace twofold::server {

std::string trusted_browser_cookie(std::string_view value, bool tls, std::chrono::seconds lifetime) {
  return session_cookie(value, tls, cookie_kind::trusted_browser) + "; Max-Age=" + std::to_string(lifetime.count());
}

}  // namespace twofold::server
