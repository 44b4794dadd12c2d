#pragma once
// Session tokens: 256 random bits (randombytes_buf), sent to the browser as
// base64url without padding (43 characters) in the session cookie. The server
// keeps only SHA-256 of the raw bytes, so a copy of the database does not let
// anyone take over a session. OWASP Session Management: at least 64 bits of
// entropy; NIST SP 800-63B §7.1: session secrets from an approved RNG.
//
// Precondition for every call: sodium_init() has succeeded.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "storage/records.hpp"

namespace twofold::server {

inline constexpr std::size_t session_token_bytes = 32;
inline constexpr std::size_t session_cookie_value_length = 43;  // base64url of 32 bytes, unpadded

struct session_token {
  std::string cookie_value;  // base64url, unpadded
  session_token_hash hash;   // what storage keeps
};

[[nodiscard]] session_token new_session_token();

// The hash that a cookie value stands for; empty when the value is not a
// well-formed token (wrong length or alphabet), so it names no session.
[[nodiscard]] std::optional<session_token_hash> hash_of_cookie_value(std::string_view cookie_value);

// Constant-time equality (sodium_memcmp), for any comparison of secrets.
[[nodiscard]] bool same_token_hash(const session_token_hash& a, const session_token_hash& b);

}  // namespace twofold::server
