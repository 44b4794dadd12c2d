// The demo company: created once on an empty database with random readable
// passwords that are announced once and stored only as hashes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "auth/new_password_check.hpp"
#include "auth/password_blocklist.hpp"
#include "auth/password_hasher.hpp"
#include "config/config.hpp"
#include "demo/demo_company.hpp"
#include "auth/generated_password.hpp"
#include "runtime/logger.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const password_blocklist& debian_blocklist() { return *shared_password_blocklist(config{}.password_blocklist); }

const std::regex readable_password("[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}");

TEST(generated_password, has_eighty_bits_in_readable_groups) {
  EXPECT_EQ(generated_password_alphabet.size(), 32U);
  EXPECT_EQ(generated_password_alphabet.find_first_of("lo01"), std::string_view::npos);
  for (int i = 0; i < 50; ++i) {
    const auto password = new_generated_password();
    EXPECT_TRUE(std::regex_match(password, readable_password)) << password;
  }
}

TEST(generated_password, is_never_the_same_twice) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(new_generated_password());
  EXPECT_EQ(seen.size(), 200U);
}

TEST(generated_password, uses_the_whole_alphabet) {
  std::set<char> used;
  for (int i = 0; i < 200; ++i) {
    for (char c : new_generated_password()) used.insert(c);
  }
  used.erase('-');
  EXPECT_EQ(used.size(), generated_password_alphabet.size());
}

TEST(demo_company, passwords_pass_the_rule_for_new_passwords) {
  for (int i = 0; i < 20; ++i) {
    temp_dir dir;
    auto store = open_storage(dir.path(), test_epoch);
    const auto demo = seed_demo_company(*store, password_hasher(fast_argon2), debian_blocklist(), test_epoch);
    ASSERT_TRUE(demo.has_value());
    for (const auto& account : demo->accounts) {
      const password_context context{.username = account.account, .email = account.email, .company_name = demo->name};
      EXPECT_TRUE(check_new_password(account.password, "password", context, debian_blocklist()).empty())
          << account.password;
    }
  }
}

TEST(demo_company, is_created_on_an_empty_database_with_hashed_passwords) {
  temp_dir dir;
  auto store = open_storage(dir.path(), test_epoch);
  const password_hasher hasher(fast_argon2);

  const auto demo = seed_demo_company(*store, hasher, debian_blocklist(), test_epoch);

  ASSERT_TRUE(demo.has_value());
  ASSERT_EQ(demo->accounts.size(), 2U);
  const auto company = store->find_company_by_key("demo");
  ASSERT_TRUE(company.has_value());
  EXPECT_EQ(company->name, "Demo");
  EXPECT_EQ(company->default_language, "en");
  const struct {
    const char* username;
    const char* email;
    const char* display_name;
    const char* role;
  } expected[] = {{"admin", "admin@demo.example", "Demo Admin", "admin"},
                  {"agent", "agent@demo.example", "Demo Agent", "agent"}};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& account = demo->accounts[i];
    EXPECT_EQ(account.account, expected[i].username);
    EXPECT_EQ(account.role, expected[i].role);
    const auto user = store->find_user_by_username(company->id, expected[i].username);
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->email, expected[i].email);
    EXPECT_EQ(user->display_name, expected[i].display_name);
    EXPECT_EQ(user->role, expected[i].role);
    EXPECT_NE(user->password_hash, account.password);
    EXPECT_EQ(hasher.verify(user->password_hash, account.password), password_check::correct);
  }
  EXPECT_NE(demo->accounts[0].password, demo->accounts[1].password);
}

TEST(demo_company, is_not_created_twice) {
  temp_dir dir;
  auto store = open_storage(dir.path(), test_epoch);
  const password_hasher hasher(fast_argon2);
  ASSERT_TRUE(seed_demo_company(*store, hasher, debian_blocklist(), test_epoch).has_value());
  EXPECT_FALSE(seed_demo_company(*store, hasher, debian_blocklist(), test_epoch).has_value());
}

TEST(demo_company, is_not_created_beside_another_company) {
  temp_dir dir;
  auto store = open_storage(dir.path(), test_epoch);
  seed_acme(*store, password_hasher(fast_argon2), test_epoch);
  EXPECT_FALSE(seed_demo_company(*store, password_hasher(fast_argon2), debian_blocklist(), test_epoch).has_value());
  EXPECT_FALSE(store->find_company_by_key("demo").has_value());
}

TEST(demo_company, announcement_is_one_log_line_without_passwords_and_a_block_for_people) {
  const demo_company demo{.name = "Demo",
                          .accounts = {{.role = "admin",
                                        .account = "admin",
                                        .email = "admin@demo.example",
                                        .display_name = "Demo Admin",
                                        .password = "abcd-efgh-ijkm-npqr"},
                                       {.role = "agent",
                                        .account = "agent",
                                        .email = "agent@demo.example",
                                        .display_name = "Demo Agent",
                                        .password = "stuv-wxyz-2345-6789"}}};
  std::ostringstream log_text;
  std::ostringstream people;
  logger log(log_text);

  announce(demo, log, people);

  const auto line = nlohmann::json::parse(log_text.str());
  EXPECT_EQ(line["event"], "demo.created");
  EXPECT_EQ(line["company"], "Demo");
  EXPECT_EQ(line["accounts"], nlohmann::json::parse(R"([
    {"role":"admin","account":"admin","email":"admin@demo.example"},
    {"role":"agent","account":"agent","email":"agent@demo.example"}])"));
  EXPECT_EQ(log_text.str().find("abcd-efgh-ijkm-npqr"), std::string::npos);
  EXPECT_EQ(log_text.str().find("stuv-wxyz-2345-6789"), std::string::npos);
  EXPECT_NE(people.str().find("abcd-efgh-ijkm-npqr"), std::string::npos);
  EXPECT_NE(people.str().find("stuv-wxyz-2345-6789"), std::string::npos);
}

}  // namespace
}  // namespace twofold::server::testing
