#pragma once
// Cross-site request forgery defence for every state-changing request
// (POST, PUT, PATCH, DELETE), in two layers (OWASP CSRF Prevention Cheat
// Sheet: custom request header; verifying origin with standard headers):
//  1. the header `X-Requested-With: twofold` must be present. A cross-site
//     page cannot add a custom header without a CORS preflight, which this
//     server never grants;
//  2. when the browser sends `Origin`, it must be ours: config.public_url's
//     origin or, when none is configured, the scheme and Host of the request.
// The session cookie's SameSite=Strict is a third layer.
#include <string>
#include <string_view>

#include "app/http_types.hpp"

namespace twofold::server {

struct config;

[[nodiscard]] bool changes_state(std::string_view method);

// True for safe methods, and for state-changing requests that pass both checks.
[[nodiscard]] bool passes_csrf_check(const http_request& request, const config& cfg);

// The Origin this request must come from.
[[nodiscard]] std::string expected_origin(const http_request& request, const config& cfg);

}  // namespace twofold::server
