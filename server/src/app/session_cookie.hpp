#pragma once
// The session cookie. Over HTTPS (TLS here, or at a proxy in front: the
// request's `tls`, config::served_over_https, the one rule for every cookie
// below) it is `__Host-twofold_session` with Secure: the
// __Host- prefix makes browsers refuse it unless it is Secure, host-only and
// Path=/, so a sibling subdomain cannot plant or overwrite it
// (draft-ietf-httpbis-rfc6265bis §4.1.3.2). Over plain HTTP (local use and
// tests) browsers would reject that prefix, so the name is `twofold_session`.
// Always HttpOnly (no script can read it) and SameSite=Strict (not sent on
// cross-site requests). No Max-Age: it ends with the browser session, and the
// server's idle and absolute timeouts end it sooner.
//
// The sign-in cookie names a sign-in flow waiting for the person, for the
// second factor or a new password (flows/sign_in_flow.hpp). Same rules, its
// own name (`twofold_sign_in`), and a Max-Age of the flow's lifetime.
//
// The single sign-on cookie (`twofold_sso`) binds a sign-in sent to a
// provider to this browser (flows/sso_service.hpp). It must come back with
// the provider's redirect, a cross-site navigation, so it is SameSite=Lax
// (sent on top-level GETs only); HttpOnly, Max-Age of a start's 10 minutes.
//
// The trusted-browser cookie (two_factor/trusted_browsers.hpp): same rules,
// `twofold_trusted_browser`; its Max-Age (the policy's days) is added by
// app/trusted_browser_cookie.hpp. Signing out leaves it.
//
// The device cookie (`twofold_device`, account/sign_in_origin.hpp) names the
// browser for the security center: given at the first sign-in step of a
// browser without one, kept 400 days (the longest browsers allow), left by
// signing out. SameSite=Lax: it must come back with a provider's redirect.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "app/http_types.hpp"

namespace twofold::server {

enum class cookie_kind { session, sign_in, trusted_browser, sso, device };

inline constexpr std::chrono::days device_cookie_lifetime{400};

[[nodiscard]] std::string_view session_cookie_name(bool tls, cookie_kind kind = cookie_kind::session);

// The cookie's value in the request's Cookie header, if any.
[[nodiscard]] std::optional<std::string> session_cookie_value(const http_request& request,
                                                              cookie_kind kind = cookie_kind::session);

// Set-Cookie values that set and that clear the cookie.
[[nodiscard]] std::string session_cookie(std::string_view value, bool tls, cookie_kind kind = cookie_kind::session);
[[nodiscard]] std::string cleared_session_cookie(bool tls, cookie_kind kind = cookie_kind::session);

}  // namespace twofold::server
