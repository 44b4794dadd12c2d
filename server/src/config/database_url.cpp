#include "config/database_url.hpp"

#include <libpq-fe.h>

#include <memory>

namespace twofold::server {

namespace {

struct options_deleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using parsed_options = std::unique_ptr<PQconninfoOption, options_deleter>;

// libpq's own reading of the URL, or its message.
parsed_options parsed(std::string_view url, std::string& message) {
  char* error = nullptr;
  parsed_options options(PQconninfoParse(std::string(url).c_str(), &error));
  if (error != nullptr) {
    message = error;
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
  }
  return options;
}

}  // namespace

// The URL itself is not repeated in a message: it may hold a password.
std::optional<std::string> database_url_problem(std::string_view url, std::string_view option) {
  // A key=value string would also parse; only the URL form is documented.
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    return std::string(option) + " must be a PostgreSQL URL: postgresql://user@host:port/name";
  }
  std::string message;
  if (!parsed(url, message)) {
    return std::string(option) + " is not a URL PostgreSQL can read: " + message;
  }
  return std::nullopt;
}

bool database_url_has_password(std::string_view url) {
  std::string message;
  const auto options = parsed(url, message);
  if (!options) return false;
  for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val != nullptr && *option->val != '\0') return true;
  }
  return false;
}

}  // namespace twofold::server
