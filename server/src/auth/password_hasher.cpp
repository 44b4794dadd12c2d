#include "auth/password_hasher.hpp"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "auth/hash_slots.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";

std::size_t memory_bytes(const argon2_parameters& parameters) { return parameters.memory_kib * 1024; }

}  // namespace

struct password_hasher::shared_state {
  explicit shared_state(unsigned cores) : slots(cores) {}

  hash_slots slots;
  std::once_flag dummy_made;
  std::string dummy_hash;  // of a random password, for verify_nothing()
};

password_hasher::password_hasher(argon2_parameters parameters)
    : parameters_(parameters), shared_(std::make_shared<shared_state>(std::thread::hardware_concurrency())) {}

const std::string& password_hasher::dummy_hash() const {
  std::call_once(shared_->dummy_made, [this] {
    std::array<unsigned char, 32> random_password{};
    randombytes_buf(random_password.data(), random_password.size());
    shared_->dummy_hash =
        hash(std::string_view(reinterpret_cast<const char*>(random_password.data()), random_password.size()));
  });
  return shared_->dummy_hash;
}

std::string password_hasher::hash(std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  const auto slot = shared_->slots.acquire();
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), parameters_.iterations,
                            memory_bytes(parameters_), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing failed: out of memory");
  }
  return std::string(out.data());
}

password_check password_hasher::verify(std::string_view stored_hash, std::string_view password) const {
  static_cast<void>(dummy_hash());  // the first verification pays for it, whichever kind it is
  return check(stored_hash, password);
}

void password_hasher::verify_nothing(std::string_view password) const {
  // The result is known (wrong); only the time spent matters.
  static_cast<void>(check(dummy_hash(), password));
}

password_check password_hasher::check(std::string_view stored_hash, std::string_view password) const {
  const std::string terminated(stored_hash);  // libsodium reads a C string
  const auto slot = shared_->slots.acquire();
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

}  // namespace twofold::server
