#include "auth/generated_password.hpp"

#include <sodium.h>

#include <cstdint>

namespace twofold::server {

static_assert(generated_password_alphabet.size() == 32, "5 bits per symbol");

std::string new_generated_password() {
  std::string password;
  for (std::size_t i = 0; i < generated_password_symbols; ++i) {
    if (i > 0 && i % generated_password_group == 0) password += '-';
    // randombytes_uniform has no modulo bias.
    password += generated_password_alphabet[randombytes_uniform(static_cast<std::uint32_t>(generated_password_alphabet.size()))];
  }
  return password;
}

}  // namespace twofold::server
