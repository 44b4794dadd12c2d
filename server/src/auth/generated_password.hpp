#pragma once
// Passwords the server makes up (the demo accounts, an operator's temporary
// passwords): random, readable and easy to type.
// 16 symbols from a 32-letter alphabet (5 bits each) give 80 bits, in groups
// of four: "k7qm-x2vd-9hwp-3ntc". The alphabet leaves out l, o, 0 and 1, which
// are easily confused. NIST SP 800-63B §5.1.1.2: at least 8 characters for
// a chosen password; a generated one this long cannot be guessed online.
//
// Precondition: sodium_init() has succeeded.
#include <cstddef>
#include <string>
#include <string_view>

namespace twofold::server {

inline constexpr std::string_view generated_password_alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
inline constexpr std::size_t generated_password_symbols = 16;
inline constexpr std::size_t generated_password_group = 4;

[[nodiscard]] std::string new_generated_password();

}  // namespace twofold::server
