#pragma once
// Which class (runtime/route_class.hpp) a request counts in on /metrics,
// from the route table: an API route by who may call it and the step it
// serves, anything else by its fixed path.
#include <span>
#include <string_view>

#include "app/route.hpp"
#include "runtime/route_class.hpp"

namespace twofold::server {

// An API route's class: administrators' routes, then the code page and 2FA
// settings, then the sign-in's own steps (password, SSO, passwords), then the rest.
[[nodiscard]] route_class class_of(const route& declared);

// A request for `path` (no query): the class of the API route it matches
// (whatever its method), api_other for an unknown /api/ path, health,
// metrics, or static for the rest.
[[nodiscard]] route_class class_of_path(std::string_view path, std::span<const route> api_routes);

}  // namespace twofold::server
