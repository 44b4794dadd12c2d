#pragma once
// The classes of requests /metrics counts apart: few and fixed, so a path a
// client made up never becomes a series of its own. The application tells
// each answer's class from the route table (app/route_classes.hpp).
#include <array>
#include <string_view>

namespace twofold::server {

// Where a request went.
enum class route_class {
  static_file,     // the web app's files, and anything unknown outside /api/
  api_sign_in,     // the password step, single sign-on, passwords, sign-out
  api_two_factor,  // the code page and the 2FA settings
  api_admin,       // routes for administrators
  api_other,       // every other /api/ route, and unknown /api/ paths
  health,          // /healthz, /readyz
  metrics,         // /metrics
  transport,       // refused before the application saw it (malformed, too large)
};
inline constexpr std::array all_route_classes{route_class::static_file, route_class::api_sign_in,
                                              route_class::api_two_factor, route_class::api_admin,
                                              route_class::api_other, route_class::health,
                                              route_class::metrics, route_class::transport};
[[nodiscard]] std::string_view route_class_name(route_class of);  // "static", "api_sign_in", ...

}  // namespace twofold::server
