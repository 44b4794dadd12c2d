#pragma once
// The rule for a new password, the same in the browser (wasm) and the server:
// a person's own choice, a reset, an administrator's temporary password, a
// generated demo password. NIST SP 800-63B §5.1.1.2.
//
// In this order, one error for `field` (the first that applies):
//  - invalid_utf8, required, too_long: the sign-in's password rule
//    (sign_in_form.hpp: valid UTF-8, never trimmed or altered, at most 256
//    code points, no composition rules);
//  - whitespace_only: nothing but White_Space, whatever its length;
//  - too_short: fewer than new_password_min_code_points code points;
//  - contains_account_details: the password contains a context word of the
//    account (§5.1.1.2's "context-specific words"): its username, the local
//    part of its email address or its company's name, each split at spaces
//    and ASCII punctuation ("dana.n" -> "dana"), words of at least
//    context_word_min_code_points code points, compared ignoring ASCII case;
//  - common_password: the blocklist lookup knows password_blocklist_key(password)
//    (common and breached passwords and dictionary words). The core holds no
//    list and reads no file: the caller looks up.
// A check without context (the browser on a reset page) or without a lookup
// (the browser) skips that step; the server always has both.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "twofold/validation/field_error.hpp"

namespace twofold {

inline constexpr std::size_t new_password_min_code_points = 8;
// Shorter words are too likely to occur by chance ("al", "jo").
inline constexpr std::size_t context_word_min_code_points = 3;

// The account the password is for; empty members add no words.
struct password_context {
  std::string_view username;
  std::string_view email;         // only the part before the last '@' counts
  std::string_view company_name;  // as shown, e.g. "Acme Support"
};

struct new_password_checks {
  password_context context;
  // Whether the blocklist holds this key; empty: no blocklist step.
  std::function<bool(std::string_view key)> is_blocklisted;
};

// How a password and a blocklist's lines are compared: ASCII letters in
// lower case, every other byte kept ("PassWord1" -> "password1").
[[nodiscard]] std::string password_blocklist_key(std::string_view text);

// Empty when `password` may become a password; else one error for `field`.
[[nodiscard]] field_errors validate_new_password(std::string_view password, std::string_view field = "password",
                                                 const new_password_checks& checks = {});

}  // namespace twofold
