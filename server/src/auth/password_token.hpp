#pragma once
// Password tokens: 256 random bits, the same form as a session token
// (auth/session_token.hpp: base64url, only SHA-256 stored), for two purposes:
//  - reset:   in a mailed link that opens the set-a-new-password page.
//             Forgot password: valid 30 minutes. Sent by an administrator
//             (a reset or a new account): 24 hours, since the person may read
//             the mail the next morning.
//  - sign_in: a sign-in that passed the password (and the second factor) but
//             must choose a new password first (auth/new_password_step.hpp);
//             10 minutes, like a pending second step.
// A token is used at most once: the change that uses it carries a
// password_token_use guard. A new reset link replaces every earlier token of
// the user (a newer mail is the one to follow).
#include <chrono>
#include <string_view>

#include "account/client_info.hpp"
#include "storage/records.hpp"

namespace twofold::server {

enum class password_token_purpose { reset, sign_in };

inline constexpr std::chrono::seconds forgot_password_link_lifetime{30 * 60};
inline constexpr std::chrono::seconds admin_link_lifetime{24 * 60 * 60};
inline constexpr std::chrono::seconds new_password_step_lifetime{10 * 60};

[[nodiscard]] std::string_view purpose_name(password_token_purpose purpose);  // "reset" | "sign_in"

[[nodiscard]] password_token_record new_password_token_record(const session_token_hash& token_hash, row_id user_id,
                                                              password_token_purpose purpose,
                                                              const client_info& client, timestamp now,
                                                              std::chrono::seconds lifetime);

}  // namespace twofold::server
