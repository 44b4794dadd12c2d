#pragma once
// The trusted-browser cookie's Set-Cookie value (session_cookie.hpp's rules:
// HttpOnly, SameSite=Strict, Path=/, `__Host-` and Secure under TLS) with a
// Max-Age of the trust's lifetime, so the browser forgets it when the server does.
#include <chrono>
#include <string>
#include <string_view>

namespace twofold::server {

[[nodiscard]] std::string trusted_browser_cookie(std::string_view value, bool tls, std::chrono::seconds lifetime);

}  // namespace twofold::server
