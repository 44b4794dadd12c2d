#pragma once
// The server's own secret: 32 random bytes in <data_dir>/server.key (or
// --server-key-file), created on first start (mode 0600) and kept outside the
// database, so a copy of the database alone reveals no TOTP key and allows no
// code guessing offline. Every server on one database holds the same key
// (two_factor/server_key_check.hpp).
//
// Two subkeys are derived from it (libsodium crypto_kdf, context "twofold2"):
//  1. sealing: XSalsa20-Poly1305 secretbox of TOTP secrets and SMS numbers at rest;
//  2. hashing: keyed BLAKE2b-256 of one-time codes (sent, backup and admin codes),
//     bound to the user and the code's purpose, so equal codes of two users
//     never hash alike.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/records.hpp"
#include "storage/two_factor_records.hpp"

namespace twofold::server {

class server_key {
 public:
  static constexpr std::string_view file_name = "server.key";
  static constexpr std::size_t key_bytes = 32;

  // Reads the key file, or creates it (and its folder) when missing. Throws
  // std::runtime_error when it cannot be read or written, or has the wrong size.
  [[nodiscard]] static server_key load_or_create(const std::filesystem::path& file);
  // A key from given bytes (tests).
  explicit server_key(const std::array<std::uint8_t, key_bytes>& master);

  // nonce || ciphertext+tag; a new random nonce every time.
  [[nodiscard]] std::vector<std::uint8_t> seal(std::span<const std::uint8_t> plaintext) const;
  // Empty when the bytes were not sealed by this key (or were altered).
  [[nodiscard]] std::optional<std::vector<std::uint8_t>> open(std::span<const std::uint8_t> sealed) const;

  // A code sent by email or by SMS (sent_code) hashes as email codes always did.
  enum class code_purpose : std::uint8_t { sent_code = 1, backup_code = 2, admin_code = 3 };
  [[nodiscard]] code_hash hash_code(code_purpose purpose, row_id user_id, std::string_view code) const;

  // Names the key without revealing it: a keyed BLAKE2b-256 of a fixed label,
  // 64 hex digits. Equal for equal keys only.
  [[nodiscard]] const std::string& fingerprint() const { return fingerprint_; }

 private:
  std::array<std::uint8_t, key_bytes> sealing_key_{};
  std::array<std::uint8_t, key_bytes> hashing_key_{};
  std::string fingerprint_;
};

// Constant-time equality of two code hashes.
[[nodiscard]] bool hashes_equal(const code_hash& a, const code_hash& b);

}  // namespace twofold::server
