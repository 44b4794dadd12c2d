#include "auth/password_hasher.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <thread>

#include "auth/hash_slots.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";

std::size_t memory_bytes(const argon2_parameters& parameters) { return parameters.memory_kib * 1024; }

}  // namespace

password_hasher::password_hasher(argon2_parameters parameters)
    : parameters_(parameters), slots_(std::make_shared<hash_slots>(std::thread::hardware_concurrency())) {
  std::array<unsigned char, 32> random_password{};
  randombytes_buf(random_password.data(), random_password.size());
  dummy_hash_ = hash(std::string_view(reinterpret_cast<const char*>(random_password.data()), random_password.size()));
}

std::string password_hasher::hash(std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  const auto slot = slots_->acquire();
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), parameters_.iterations,
                            memory_bytes(parameters_), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing failed: out of memory");
  }
  return std::string(out.data());
}

password_check password_hasher::verify(std::string_view stored_hash, std::string_view password) const {
  const std::string terminated(stored_hash);  // libsodium reads a C string
  const auto slot = slots_->acquire();
  if (crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) != 0) {
    return password_check::wrong;
  }
  const bool other_algorithm = !stored_hash.starts_with(argon2id_prefix);
  if (other_algorithm ||
      crypto_pwhash_str_needs_rehash(terminated.c_str(), parameters_.iterations, memory_bytes(parameters_)) != 0) {
    return password_check::correct_needs_rehash;
  }
  return password_check::correct;
}

void password_hasher::verify_nothing(std::string_view password) const {
  // The result is known (wrong); only the time spent matters.
  static_cast<void>(verify(dummy_hash_, password));
}

}  // namespace twofold::server
