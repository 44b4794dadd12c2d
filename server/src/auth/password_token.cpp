#include "auth/password_token.hpp"

#include <string>

namespace twofold::server {

password_token_record reset_token_record(const session_token_hash& token_hash, row_id user_id,
                                         const client_info& client, timestamp now, std::chrono::seconds lifetime) {
  return password_token_record{.token_hash = token_hash,
                               .user_id = user_id,
                               .purpose = std::string(reset_purpose),
                               .created_at = now,
                               .expires_at = now + lifetime,
                               .ip = client.ip,
                               .user_agent = client.user_agent};
}

}  // namespace twofold::server
