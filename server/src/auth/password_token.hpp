#pragma once
// Reset links' tokens: 256 random bits, the same form as a session token
// (auth/session_token.hpp: base64url, only SHA-256 stored), in a mailed link
// that opens the set-a-new-password page (flows/password_reset.hpp). Forgot
// password: valid 30 minutes. Sent by an administrator (a reset or a new
// account): 24 hours, since the person may read the mail the next morning.
// A token is used at most once: the change that uses it carries a
// password_token_use guard. A new reset link replaces every earlier token of
// the user (a newer mail is the one to follow).
#include <chrono>
#include <string_view>

#include "account/client_info.hpp"
#include "storage/records.hpp"

namespace twofold::server {

// The purpose stored with a reset link's token (the column predates the
// sign-in flow, which keeps its own table).
inline constexpr std::string_view reset_purpose = "reset";

inline constexpr std::chrono::seconds forgot_password_link_lifetime{30 * 60};
inline constexpr std::chrono::seconds admin_link_lifetime{24 * 60 * 60};

[[nodiscard]] password_token_record reset_token_record(const session_token_hash& token_hash, row_id user_id,
                                                       const client_info& client, timestamp now,
                                                       std::chrono::seconds lifetime);

}  // namespace twofold::server
