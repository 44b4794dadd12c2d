// The server key: created once with owner-only permissions, reused, and the
// sealing and code hashing derived from it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "two_factor/server_key.hpp"

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

}  // namespace
}  // namespace twofold::server::testing
