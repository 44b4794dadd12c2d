#pragma once
// Single sign-on, between HTTP and flows/sso_service.hpp:
//   GET    /api/sso/providers?company=  the company's provider buttons (none for an unknown company)
//   POST   /api/sso/start               {company, provider, language?}: 200 {redirect} + the
//                                       twofold_sso cookie | 400 sso_unavailable
//   GET    /sso/callback                the provider's redirect (a page): 302 to the signed-in
//                                       home, /verify/, /bind/, /profile/, or the sign-in page
//                                       with ?sso_error= (a person reads it, never JSON)
//   GET    /api/session/bind            the bind page: the external account, the company
//   POST   /api/session/bind            {company, account, password}: like POST /api/session
//   DELETE /api/session/bind            cancel (sign_in_api::cancel): nothing linked, the sign-in cookie
//                                       cleared, 200 {flow: password}
//   GET    /api/me/sso                  the company's providers, each connected or not
//   POST   /api/me/sso/connect          {provider}: 200 {redirect} + the twofold_sso cookie
//   DELETE /api/me/sso                  {provider, password?} (step-up): 204 | 404
//   GET    /api/admin/sso               the company's providers and settings (no secret)
//   PUT    /api/admin/sso               change them (admin/sso_settings.hpp)
#include "app/route.hpp"

namespace twofold::server {

namespace sso_api {

[[nodiscard]] http_response providers(app_services& services, request_context& context);
[[nodiscard]] http_response start(app_services& services, request_context& context);
[[nodiscard]] http_response bind(app_services& services, request_context& context);
[[nodiscard]] http_response submit_bind(app_services& services, request_context& context);
[[nodiscard]] http_response links(app_services& services, request_context& context);
[[nodiscard]] http_response connect(app_services& services, request_context& context);
[[nodiscard]] http_response disconnect(app_services& services, request_context& context);
[[nodiscard]] http_response settings(app_services& services, request_context& context);
[[nodiscard]] http_response change_settings(app_services& services, request_context& context);

}  // namespace sso_api

// The path the providers send the browser back to.
inline constexpr std::string_view sso_callback_path = "/sso/callback";

// GET /sso/callback: a page navigation, answered with a redirect.
[[nodiscard]] http_response sso_callback_answer(app_services& services, const http_request& request);

}  // namespace twofold::server
