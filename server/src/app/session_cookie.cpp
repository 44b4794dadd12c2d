#include "app/session_cookie.hpp"

#include "flows/sign_in_flow.hpp"
#include "flows/sso_sign_in.hpp"
#include "twofold/text/trimmed.hpp"

namespace twofold::server {

namespace {

std::string attributes(bool tls, cookie_kind kind) {
  const bool lax = kind == cookie_kind::sso || kind == cookie_kind::device;
  return std::string("; Path=/; HttpOnly; SameSite=") + (lax ? "Lax" : "Strict") +
         (tls ? "; Secure" : "");
}

std::string lifetime(cookie_kind kind) {
  // The session cookie lives as long as the browser; the trusted browser's
  // Max-Age (the policy's days) is added by app/trusted_browser_cookie.hpp.
  if (kind == cookie_kind::session || kind == cookie_kind::trusted_browser) return "";
  if (kind == cookie_kind::sso) return "; Max-Age=" + std::to_string(sso_start_lifetime.count());
  if (kind == cookie_kind::device) {
    return "; Max-Age=" + std::to_string(std::chrono::seconds{device_cookie_lifetime}.count());
  }
  return "; Max-Age=" + std::to_string(sign_in_flow_lifetime.count());
}

}  // namespace

std::string_view session_cookie_name(bool tls, cookie_kind kind) {
  if (kind == cookie_kind::sign_in) return tls ? "__Host-twofold_sign_in" : "twofold_sign_in";
  if (kind == cookie_kind::sso) return tls ? "__Host-twofold_sso" : "twofold_sso";
  if (kind == cookie_kind::device) return tls ? "__Host-twofold_device" : "twofold_device";
  if (kind == cookie_kind::trusted_browser) return tls ? "__Host-twofold_trusted_browser" : "twofold_trusted_browser";
  return tls ? "__Host-twofold_session" : "twofold_session";
}

std::optional<std::string> session_cookie_value(const http_request& request, cookie_kind kind) {
  // Cookie: a=1; twofold_session=...; b=2 (RFC 6265 §4.2.1); the first one wins.
  const std::string_view name = session_cookie_name(request.tls, kind);
  const std::string header = request.header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto separator = rest.find(';');
    const auto pair = text::trimmed(rest.substr(0, separator), " ");
    rest = separator == std::string_view::npos ? std::string_view{} : rest.substr(separator + 1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::string session_cookie(std::string_view value, bool tls, cookie_kind kind) {
  return std::string(session_cookie_name(tls, kind)) + "=" + std::string(value) + lifetime(kind) + attributes(tls, kind);
}

std::string cleared_session_cookie(bool tls, cookie_kind kind) {
  return std::string(session_cookie_name(tls, kind)) + "=; Max-Age=0" + attributes(tls, kind);
}

}  // namespace twofold::server
