#include "app/route_classes.hpp"

#include <algorithm>

#include "app/sso_api.hpp"
#include "app/watch_api.hpp"

namespace twofold::server {

namespace {

bool under(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

}  // namespace

route_class class_of(const route& declared) {
  const auto path = declared.path;
  if (declared.who == access::administrator) return route_class::api_admin;
  if (declared.flow_state == sign_in_state::second_factor || under(path, "/api/session/second-step") ||
      under(path, "/api/me/two-factor") || under(path, "/api/me/backup-codes")) {
    return route_class::api_two_factor;
  }
  if (declared.flow_state || under(path, "/api/session") || under(path, "/api/sso") || under(path, "/api/password")) {
    return route_class::api_sign_in;
  }
  return route_class::api_other;
}

route_class class_of_path(std::string_view path, std::span<const route> api_routes) {
  if (under(path, "/api")) {
    const auto found = std::find_if(api_routes.begin(), api_routes.end(),
                                    [&](const route& each) { return match_route_path(each.path, path).has_value(); });
    return found == api_routes.end() ? route_class::api_other : class_of(*found);
  }
  if (path == "/metrics") return route_class::metrics;
  if (is_watch_path(path)) return route_class::health;
  if (path == sso_callback_path) return route_class::api_sign_in;
  return route_class::static_file;
}

}  // namespace twofold::server
