// The password blocklist (auth/password_blocklist.hpp) and the server's check
// of a new password with an account's words (auth/new_password_check.hpp):
// the files as Debian ships them, comments, case, a missing file.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "account/user.hpp"
#include "auth/new_password_check.hpp"
#include "auth/password_blocklist.hpp"
#include "config/config.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

std::vector<std::string> codes_of(const field_errors& errors) {
  std::vector<std::string> codes;
  for (const auto& error : errors) codes.push_back(error.field + ":" + error.code);
  return codes;
}

const password_blocklist& debian_blocklist() { return *shared_password_blocklist(config{}.password_blocklist); }

TEST(password_blocklist, debian_lists_hold_common_passwords_and_dictionary_words) {
  const auto& list = debian_blocklist();
  EXPECT_GT(list.size(), 50'000U);
  for (const auto* key : {"password1", "qwertyuiop", "iloveyou", "12345678", "sunshine", "elephant", "abandonment"}) {
    EXPECT_TRUE(list.contains(key)) << key;
  }
  EXPECT_FALSE(list.contains("k7qm-x2vd-9hwp-3ntc"));
  EXPECT_FALSE(list.contains("#!comment: this list has been compiled by solar designer of openwall project"))
      << "john's header is not a password";
}

TEST(password_blocklist, reads_every_file_skipping_comments_and_folding_case) {
  temp_dir dir;
  const auto first = dir.path() / "first.lst";
  const auto second = dir.path() / "second.lst";
  write_file(first, "#!comment: a header\nHunter22\r\n\nTr0ub4dor&3\n");
  write_file(second, "CorrectHorse\nhunter22\n");
  const std::vector<std::filesystem::path> files{first, second};
  const auto list = password_blocklist::load(files);
  ASSERT_TRUE(list.has_value()) << list.error();
  EXPECT_EQ(list->size(), 3U) << "duplicates across files count once";
  EXPECT_TRUE(list->contains("hunter22"));
  EXPECT_TRUE(list->contains("tr0ub4dor&3"));
  EXPECT_TRUE(list->contains("correcthorse"));
  EXPECT_FALSE(list->contains("Hunter22")) << "keys are folded by the caller (password_blocklist_key)";
  EXPECT_FALSE(list->contains(""));
}

TEST(password_blocklist, names_a_file_it_cannot_read) {
  temp_dir dir;
  const std::vector<std::filesystem::path> files{dir.path() / "missing.lst"};
  const auto list = password_blocklist::load(files);
  ASSERT_FALSE(list.has_value());
  EXPECT_NE(list.error().find("missing.lst"), std::string::npos);
  EXPECT_THROW(std::ignore = shared_password_blocklist({(dir.path() / "missing.lst").string()}), std::runtime_error);
}

user dana() {
  user account;
  account.username = "dana.n";
  account.email = "dana.new@acme.example";
  account.company_name = "Globex Support";
  return account;
}

TEST(new_password_check, refuses_listed_passwords_in_any_case) {
  for (const auto* password : {"password1", "PASSWORD1", "qwertyuiop", "elephant", "Sunshine"}) {
    EXPECT_EQ(codes_of(check_new_password(password, "password", context_of(dana()), debian_blocklist())),
              std::vector<std::string>{"password:common_password"})
        << password;
  }
}

TEST(new_password_check, refuses_the_account_words) {
  for (const auto* password : {"dana-rocks-2024", "i-love-globex", "support-team-1", "NEWPASSWORD9"}) {
    EXPECT_EQ(codes_of(check_new_password(password, "temporary_password", context_of(dana()), debian_blocklist())),
              std::vector<std::string>{"temporary_password:contains_account_details"})
        << password;
  }
}

TEST(new_password_check, accepts_a_long_unlisted_password) {
  EXPECT_TRUE(check_new_password("violet tractor 42 moon", "password", context_of(dana()), debian_blocklist()).empty());
  EXPECT_EQ(codes_of(check_new_password("        ", "password", context_of(dana()), debian_blocklist())),
            std::vector<std::string>{"password:whitespace_only"});
}

}  // namespace
}  // namespace twofold::server::testing
