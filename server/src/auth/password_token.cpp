#include "auth/password_token.hpp"

namespace twofold::server {

std::string_view purpose_name(password_token_purpose purpose) {
  switch (purpose) {
    case password_token_purpose::reset: return "reset";
    case password_token_purpose::sign_in: return "sign_in";
  }
  return "reset";
}

password_token_record new_password_token_record(const session_token_hash& token_hash, row_id user_id,
                                                password_token_purpose purpose, const client_info& client,
                                                timestamp now, std::chrono::seconds lifetime) {
  return password_token_record{.token_hash = token_hash,
                               .user_id = user_id,
                               .purpose = std::string(purpose_name(purpose)),
                               .created_at = now,
                               .expires_at = now + lifetime,
                               .ip = client.ip,
                               .user_agent = client.user_agent};
}

}  // namespace twofold::server
