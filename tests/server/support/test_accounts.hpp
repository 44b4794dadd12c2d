#pragma once
// The people the server tests sign in as: company "Acme Corp" with an
// administrator, an agent who reads Chinese, and a disabled agent. Passwords
// are hashed with the smallest Argon2id parameters to keep the tests fast.
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "auth/password_hasher.hpp"
#include "storage/sqlite_storage.hpp"
#include "twofold/time.hpp"

namespace twofold::server::testing {

// libsodium's minimum: 8 KiB, one pass.
inline constexpr argon2_parameters fast_argon2{.memory_kib = 8, .iterations = 1};

// 2026-01-01T00:00:00Z
inline constexpr timestamp test_epoch{std::chrono::seconds{1'767'225'600}};

inline constexpr std::string_view acme = "Acme Corp";

// A fixed server key (two_factor/server_key.hpp): repeatable tests, no key file.
inline constexpr std::array<std::uint8_t, 32> test_server_key{
    0x54, 0x77, 0x6f, 0x66, 0x6f, 0x6c, 0x64, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0x6b, 0x65, 0x79,
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};

struct test_account {
  std::string_view username;
  std::string_view email;
  std::string_view display_name;
  std::string_view role;
  std::string_view password;
  std::optional<std::string_view> language;
  bool disabled;
};

inline constexpr test_account alice{
    "alice", "alice@acme.example", "Alice Admin", "admin", "correct horse battery staple", std::nullopt, false};
inline constexpr test_account bob{"bob", "bob@acme.example", "Bob Agent", "agent", "Tr0ub4dor&3 but longer", "zh-CN",
                                  false};
inline constexpr test_account carol{
    "carol", "carol@acme.example", "Carol Gone", "agent", "carol was here once", std::nullopt, true};

// A migrated database in `data_dir`.
[[nodiscard]] std::unique_ptr<sql_storage> open_storage(const std::filesystem::path& data_dir, timestamp now);

// Creates Acme Corp (default language en) with alice, bob and carol.
void seed_acme(storage& store, const password_hasher& hasher, timestamp now);

}  // namespace twofold::server::testing
