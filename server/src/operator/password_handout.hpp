#pragma once
// How a password the operator sets reaches the person
// (auth/password_delivery.hpp): a one-time link when the server's public
// address is configured (--public-url), so the link works wherever the
// person opens it; otherwise, or when asked, a random temporary password
// (auth/generated_password.hpp) that must be changed at the first sign-in.
// Never a fixed password. The operator is shown the link or the password;
// the person is mailed too when mail goes out by SMTP (the file transport
// only fills a folder on the server machine).
#include <optional>
#include <string>

#include "auth/password_delivery.hpp"

namespace twofold::server {

struct config;

struct handout_settings {
  bool link_possible = false;        // a public URL is configured
  bool mail = false;                 // mail goes out by SMTP
  bool temporary_asked = false;      // --temporary-password
};

[[nodiscard]] handout_settings handout_settings_of(const config& cfg, bool temporary_asked);

// A new temporary password, or none (a link).
[[nodiscard]] password_choice choose_password(const handout_settings& settings);

// What the operator is told.
struct password_handout {
  std::optional<std::string> link;
  std::optional<std::string> temporary_password;
  bool mailed = false;  // a mail to the person is in the outbox
};

}  // namespace twofold::server
