#include "operator/password_handout.hpp"

#include "auth/generated_password.hpp"
#include "config/config.hpp"

namespace twofold::server {

handout_settings handout_settings_of(const config& cfg, bool temporary_asked) {
  return handout_settings{.link_possible = !cfg.public_url.empty(),
                          .mail = cfg.mail_transport == "smtp",
                          .temporary_asked = temporary_asked};
}

password_choice choose_password(const handout_settings& settings) {
  if (settings.link_possible && !settings.temporary_asked) return password_choice{};
  return password_choice{.temporary_password = new_generated_password()};
}

}  // namespace twofold::server
