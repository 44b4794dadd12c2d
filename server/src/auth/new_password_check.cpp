#include "auth/new_password_check.hpp"

namespace twofold::server {

field_errors check_new_password(std::string_view password, std::string_view field, const password_context& context,
                                const password_blocklist& blocklist) {
  return validate_new_password(
      password, field,
      {.context = context, .is_blocklisted = [&](std::string_view key) { return blocklist.contains(key); }});
}

password_context context_of(const user& account) {
  return {.username = account.username, .email = account.email, .company_name = account.company_name};
}

}  // namespace twofold::server
