// The server key: created once with owner-only permissions, reused, and the
// sealing and code hashing derived from it; its fingerprint in the database,
// and a server whose key is not the database's refused.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <latch>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/server_key_check.hpp"

namespace twofold::server::testing {
namespace {

const std::vector<std::uint8_t> secret{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

TEST(server_key, is_created_on_first_start_readable_by_the_owner_only) {
  temp_dir dir;
  const auto key = server_key::load_or_create(dir.path() / server_key::file_name);
  const auto file = dir.path() / server_key::file_name;
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(std::filesystem::file_size(file), server_key::key_bytes);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777U, 0600U);
  std::ignore = key;
}

TEST(server_key, is_reused_on_the_next_start) {
  temp_dir dir;
  const auto sealed = server_key::load_or_create(dir.path() / server_key::file_name).seal(secret);
  const auto reopened = server_key::load_or_create(dir.path() / server_key::file_name).open(sealed);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(*reopened, secret);
}

// Several servers starting at once on one data folder: each reads the one key
// the first created, never a file still being written.
TEST(server_key, servers_starting_together_agree_on_one_key) {
  constexpr int rounds = 100;
  constexpr std::size_t starters = 4;
  for (int round = 0; round < rounds; ++round) {
    temp_dir dir;
    std::vector<std::optional<server_key>> keys(starters);
    std::vector<std::string> errors(starters);
    std::latch ready(static_cast<std::ptrdiff_t>(starters));
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < starters; ++i) {
      threads.emplace_back([&, i] {
        ready.arrive_and_wait();
        try {
          keys[i].emplace(server_key::load_or_create(dir.path() / server_key::file_name));
        } catch (const std::runtime_error& error) {
          errors[i] = error.what();
        }
      });
    }
    threads.clear();  // joins
    const auto sealed = keys[0] ? keys[0]->seal(secret) : std::vector<std::uint8_t>{};
    for (std::size_t i = 0; i < starters; ++i) {
      ASSERT_TRUE(keys[i]) << "round " << round << ", starter " << i << ": " << errors[i];
      EXPECT_EQ(keys[i]->open(sealed), secret) << "round " << round << ", starter " << i;
    }
    EXPECT_EQ(std::filesystem::file_size(dir.path() / server_key::file_name), server_key::key_bytes);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}), 1)
        << "only server.key is left in the folder";
  }
}

TEST(server_key, refuses_a_key_file_of_the_wrong_size) {
  temp_dir dir;
  std::ofstream(dir.path() / server_key::file_name) << "short";
  EXPECT_THROW(std::ignore = server_key::load_or_create(dir.path() / server_key::file_name), std::runtime_error);
}

TEST(server_key, sealing_uses_a_fresh_nonce_and_detects_tampering) {
  const server_key key(test_server_key);
  const auto first = key.seal(secret);
  const auto second = key.seal(secret);
  EXPECT_NE(first, second);
  EXPECT_EQ(first.size(), secret.size() + 24 + 16);  // nonce + Poly1305 tag
  auto altered = first;
  altered.back() ^= 1U;
  EXPECT_FALSE(key.open(altered));
  EXPECT_FALSE(key.open(std::span(first).first(10)));
  auto other_master = test_server_key;
  other_master[0] ^= 1U;
  EXPECT_FALSE(server_key(other_master).open(first));
}

TEST(server_key, code_hashes_depend_on_key_user_and_purpose) {
  const server_key key(test_server_key);
  using purpose = server_key::code_purpose;
  const auto base = key.hash_code(purpose::backup_code, 1, "ABCDEFGHJKMNPQ");
  EXPECT_TRUE(hashes_equal(base, key.hash_code(purpose::backup_code, 1, "ABCDEFGHJKMNPQ")));
  EXPECT_FALSE(hashes_equal(base, key.hash_code(purpose::backup_code, 2, "ABCDEFGHJKMNPQ")));
  EXPECT_FALSE(hashes_equal(base, key.hash_code(purpose::sent_code, 1, "ABCDEFGHJKMNPQ")));
  EXPECT_FALSE(hashes_equal(base, key.hash_code(purpose::backup_code, 1, "ABCDEFGHJKMNPR")));
  auto other_master = test_server_key;
  other_master[31] ^= 1U;
  EXPECT_FALSE(hashes_equal(base, server_key(other_master).hash_code(purpose::backup_code, 1, "ABCDEFGHJKMNPQ")));
}

server_key other_key() {
  auto master = test_server_key;
  master[7] ^= 1U;
  return server_key(master);
}

std::string hex_of(std::span<const std::uint8_t> bytes) {
  std::string hex;
  for (const auto byte : bytes) {
    constexpr std::string_view digits = "0123456789abcdef";
    hex += digits[byte >> 4U];
    hex += digits[byte & 15U];
  }
  return hex;
}

TEST(server_key, its_fingerprint_names_the_key_without_revealing_it) {
  const server_key key(test_server_key);
  EXPECT_EQ(key.fingerprint().size(), 64U);
  EXPECT_EQ(key.fingerprint(), server_key(test_server_key).fingerprint());
  EXPECT_NE(key.fingerprint(), other_key().fingerprint());
  EXPECT_EQ(key.fingerprint().find(hex_of(test_server_key)), std::string::npos);
  EXPECT_EQ(key.fingerprint().find(hex_of(std::span(test_server_key).first(8))), std::string::npos);
}

// The server key check on each database (test_database.hpp).
class server_key_check : public ::testing::TestWithParam<test_backend> {
 protected:
  test_database database_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(databases, server_key_check, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(server_key_check, the_first_start_records_the_keys_fingerprint) {
  const auto store = database_.migrated(test_epoch);
  const server_key key(test_server_key);
  EXPECT_EQ(server_key_mismatch(*store, key, "server.key", test_epoch), std::nullopt);
  EXPECT_EQ(server_key_mismatch(*store, key, "server.key", test_epoch), std::nullopt) << "and the next";
  EXPECT_EQ(database_.rows("SELECT id, fingerprint FROM server_key_check", 2),
            (std::vector<std::vector<std::string>>{{"1", key.fingerprint()}}));
}

TEST(server_key_check_on_sqlite, the_database_never_holds_the_key) {
  temp_dir dir;
  const auto store = open_storage(dir.path(), test_epoch);
  ASSERT_EQ(server_key_mismatch(*store, server_key(test_server_key), dir.path() / "server.key", test_epoch),
            std::nullopt);
  EXPECT_EQ(database_bytes(dir.path()).find(std::string(test_server_key.begin(), test_server_key.end())),
            std::string::npos)
      << "the key's bytes are nowhere in the database";
}

TEST_P(server_key_check, another_key_on_the_same_database_is_refused_naming_its_file_and_what_to_do) {
  const auto first_server = database_.migrated(test_epoch);
  ASSERT_EQ(server_key_mismatch(*first_server, server_key(test_server_key), "server.key", test_epoch), std::nullopt);

  const auto second_server = database_.migrated(test_epoch);
  const auto refused = server_key_mismatch(*second_server, other_key(), "/etc/twofold/other.key", test_epoch);
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->find("the server key /etc/twofold/other.key is not the key this database was first served with"),
            std::string::npos)
      << *refused;
  EXPECT_NE(refused->find("copy server.key from a server that serves this database"), std::string::npos) << *refused;
  EXPECT_NE(refused->find("--server-key-file"), std::string::npos) << *refused;
  EXPECT_EQ(server_key_mismatch(*second_server, server_key(test_server_key), "/etc/twofold/shared.key", test_epoch),
            std::nullopt)
      << "the same key, wherever its file";
  EXPECT_EQ(database_.text("SELECT fingerprint FROM server_key_check"), server_key(test_server_key).fingerprint())
      << "the refused key recorded nothing";
}

// Two servers starting at once on an empty database: the first to record
// its fingerprint wins, and the other is refused, whichever it is.
TEST_P(server_key_check, of_two_servers_starting_at_once_with_different_keys_one_is_refused) {
  const auto store_a = database_.migrated(test_epoch);
  const auto store_b = database_.migrated(test_epoch);
  std::optional<std::string> refused_a;
  std::optional<std::string> refused_b;
  {
    std::latch ready(2);
    std::jthread a([&] {
      ready.arrive_and_wait();
      refused_a = server_key_mismatch(*store_a, server_key(test_server_key), "a.key", test_epoch);
    });
    std::jthread b([&] {
      ready.arrive_and_wait();
      refused_b = server_key_mismatch(*store_b, other_key(), "b.key", test_epoch);
    });
  }
  EXPECT_NE(refused_a.has_value(), refused_b.has_value());
}

}  // namespace
}  // namespace twofold::server::testing
