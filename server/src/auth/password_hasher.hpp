#pragma once
// Password hashing with Argon2id through libsodium's crypto_pwhash_str, which
// writes a self-describing PHC string ("$argon2id$v=19$m=19456,t=2,p=1$...")
// holding its own salt and parameters. OWASP's minimum for Argon2id is
// m=19 MiB, t=2, p=1; NIST SP 800-63B §5.1.1.2 asks for a memory-hard,
// salted key derivation function.
//
// Precondition for every call: sodium_init() has succeeded.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace twofold::server {

struct argon2_parameters {
  std::size_t memory_kib = 19 * 1024;  // libsodium's memlimit, in KiB; at least 8
  unsigned long long iterations = 2;   // libsodium's opslimit; at least 1
};

enum class password_check {
  wrong,
  correct,
  correct_needs_rehash,  // right password, but hashed with other parameters
};

class hash_slots;

// Every hash and verification takes one of a fixed number of slots (one per
// core, auth/hash_slots.hpp); copies of a hasher share them, and the hash
// verify_nothing() checks against, so one hasher serves the whole process.
class password_hasher {
 public:
  // Costs nothing: the hash for verify_nothing() is made at the first
  // verification of either kind, so both kinds pay for it alike.
  explicit password_hasher(argon2_parameters parameters);

  // A new hash with a fresh random salt. Throws std::runtime_error when out of memory.
  [[nodiscard]] std::string hash(std::string_view password) const;

  // A malformed stored hash counts as a wrong password. Throws
  // std::runtime_error when the memory for Argon2 cannot be allocated.
  [[nodiscard]] password_check verify(std::string_view stored_hash, std::string_view password) const;

  // The same work as verify() against a hash that matches nothing: used when
  // the company or account does not exist, so the answer's timing does not
  // tell which accounts exist.
  void verify_nothing(std::string_view password) const;

 private:
  struct shared_state;

  [[nodiscard]] password_check check(std::string_view stored_hash, std::string_view password) const;
  [[nodiscard]] const std::string& dummy_hash() const;

  argon2_parameters parameters_;
  std::shared_ptr<shared_state> shared_;
};

}  // namespace twofold::server
