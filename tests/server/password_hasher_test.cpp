// Argon2id password hashing: the right password verifies, others do not,
// every hash has its own salt, and outdated parameters ask for a rehash.
#include <gtest/gtest.h>

#include "auth/password_hasher.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

TEST(password_hasher, writes_an_argon2id_string_with_the_configured_parameters) {
  const password_hasher hasher({.memory_kib = 16, .iterations = 3});
  const std::string hash = hasher.hash("secret words");
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=16,t=3,p=1$")) << hash;
}

TEST(password_hasher, verifies_the_right_password_only) {
  const password_hasher hasher(fast_argon2);
  const std::string hash = hasher.hash("correct horse battery staple");
  EXPECT_EQ(hasher.verify(hash, "correct horse battery staple"), password_check::correct);
  EXPECT_EQ(hasher.verify(hash, "correct horse battery stapl"), password_check::wrong);
  EXPECT_EQ(hasher.verify(hash, "Correct horse battery staple"), password_check::wrong);
  EXPECT_EQ(hasher.verify(hash, ""), password_check::wrong);
}

TEST(password_hasher, keeps_every_byte_of_the_password) {
  const password_hasher hasher(fast_argon2);
  const std::string with_nul("pass\0word", 9);
  const std::string hash = hasher.hash(with_nul);
  EXPECT_EQ(hasher.verify(hash, with_nul), password_check::correct);
  EXPECT_EQ(hasher.verify(hash, "pass"), password_check::wrong);
  const std::string chinese = "密码很长很长";
  EXPECT_EQ(hasher.verify(hasher.hash(chinese), chinese), password_check::correct);
}

TEST(password_hasher, salts_every_hash) {
  const password_hasher hasher(fast_argon2);
  EXPECT_NE(hasher.hash("same password"), hasher.hash("same password"));
}

TEST(password_hasher, asks_for_a_rehash_when_parameters_rise) {
  const std::string old_hash = password_hasher(fast_argon2).hash("long-lived password");
  const password_hasher more_passes({.memory_kib = fast_argon2.memory_kib, .iterations = 2});
  const password_hasher more_memory({.memory_kib = 64, .iterations = fast_argon2.iterations});

  EXPECT_EQ(more_passes.verify(old_hash, "long-lived password"), password_check::correct_needs_rehash);
  EXPECT_EQ(more_memory.verify(old_hash, "long-lived password"), password_check::correct_needs_rehash);
  EXPECT_EQ(more_passes.verify(old_hash, "wrong"), password_check::wrong);
  const std::string new_hash = more_passes.hash("long-lived password");
  EXPECT_EQ(more_passes.verify(new_hash, "long-lived password"), password_check::correct);
}

TEST(password_hasher, treats_a_malformed_stored_hash_as_wrong) {
  const password_hasher hasher(fast_argon2);
  EXPECT_EQ(hasher.verify("", "anything"), password_check::wrong);
  EXPECT_EQ(hasher.verify("plain text password", "plain text password"), password_check::wrong);
  EXPECT_EQ(hasher.verify("$argon2id$v=19$m=8,t=1,p=1$broken", "anything"), password_check::wrong);
}

}  // namespace
}  // namespace twofold::server::testing
