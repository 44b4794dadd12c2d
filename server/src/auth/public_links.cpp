#include "auth/public_links.hpp"

#include "config/config.hpp"

namespace twofold::server {

public_links::public_links(const config& cfg) : cfg_(cfg) {}

void public_links::listening_on(std::uint16_t port) { bound_port_.store(port); }

std::string public_links::origin() const {
  if (!cfg_.public_url.empty()) return cfg_.public_origin();
  config bound = cfg_;
  if (const auto port = bound_port_.load(); port != 0) bound.port = port;
  return bound.public_origin();
}

std::string public_links::reset_link(std::string_view token) const {
  return origin() + "/reset/#token=" + std::string(token);
}

std::string public_links::sign_in_link() const { return origin() + "/"; }

std::string public_links::security_link() const { return origin() + "/profile/#security"; }

}  // namespace twofold::server
