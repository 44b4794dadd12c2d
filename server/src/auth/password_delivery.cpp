#include "auth/password_delivery.hpp"

#include "auth/password_hasher.hpp"
#include "auth/password_token.hpp"
#include "auth/public_links.hpp"
#include "auth/session_token.hpp"

namespace twofold::server {

std::string_view delivery_method(const password_choice& password) {
  return password.temporary_password ? "temporary" : "link";
}

std::string password_hash_for(const password_hasher& hasher, const password_choice& password) {
  return hasher.hash(password.temporary_password ? *password.temporary_password : new_session_token().cookie_value);
}

std::optional<std::string> deliver_password(change_set& changes, const user& account, const password_choice& password,
                                            password_mail_kinds kinds, const public_links& links,
                                            const client_info& client, timestamp now, bool mail) {
  if (password.temporary_password) {
    if (mail) {
      changes.mail.push_back(password_mail(kinds.temporary, account, links.sign_in_link(), std::chrono::seconds{0}, now));
    }
    return std::nullopt;
  }
  const session_token token = new_session_token();
  auto link = links.reset_link(token.cookie_value);
  changes.passwords.tokens_put.push_back(reset_token_record(token.hash, account.id, client, now, admin_link_lifetime));
  if (mail) changes.mail.push_back(password_mail(kinds.link, account, link, admin_link_lifetime, now));
  return link;
}

}  // namespace twofold::server
