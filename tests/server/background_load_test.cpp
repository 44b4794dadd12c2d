// What the server loads on threads of its own after binding its port
// (runtime/background_load.hpp): uap-core's rules and the password
// blocklist. Whoever needs them before they are there waits and gets the
// same answer as after; a load that fails says so on every use. Named pipes
// hold each load until the test lets it finish.
#include "runtime/background_load.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password_blocklist.hpp"
#include "client/user_agent_parser.hpp"
#include "runtime/logger.hpp"
#include "support/named_pipe.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

constexpr std::string_view firefox_on_ubuntu =
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

std::string file_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(background_load, not_loaded_until_the_load_returns_then_every_caller_gets_its_value) {
  std::promise<void> go;
  const background_load<std::string> value([finish = go.get_future().share()] {
    finish.wait();
    return std::string("loaded");
  });
  EXPECT_FALSE(value.loaded()) << "the load waits for the test";

  auto early_caller = std::async(std::launch::async, [&value] { return value.get(); });
  go.set_value();

  EXPECT_EQ(early_caller.get(), "loaded") << "a caller from before the end waited for the value";
  EXPECT_EQ(value.get(), "loaded");
  EXPECT_TRUE(value.loaded());
}

TEST(background_load, a_load_that_throws_is_never_loaded_and_every_get_rethrows) {
  const background_load<int> value([]() -> int { throw std::runtime_error("cannot read x"); });
  value.wait();
  EXPECT_FALSE(value.loaded());
  EXPECT_THROW(std::ignore = value.get(), std::runtime_error);
  EXPECT_THROW(std::ignore = value.get(), std::runtime_error) << "and again";
}

TEST(background_load, a_value_given_is_loaded_at_once) {
  const background_load<int> value(42);
  EXPECT_TRUE(value.loaded());
  EXPECT_EQ(value.get(), 42);
}

TEST(user_agent_rules_in_background, a_request_before_the_rules_are_compiled_waits_and_gets_the_right_names) {
  temp_dir dir;
  const auto rules_file = make_named_pipe(dir.path() / "regexes.yaml");
  std::ostringstream log_text;
  logger log(log_text);
  const auto parser = user_agent_parser::load_in_background(rules_file, log);
  pipe_content rules(rules_file);
  EXPECT_FALSE(parser.ready()) << "the rules file has not even been written";

  auto early_request = std::async(std::launch::async, [&parser] { return parser.parse(firefox_on_ubuntu); });
  rules.write(file_text("/usr/share/uap-core/regexes.yaml"));

  const auto device = early_request.get();
  EXPECT_EQ(device.browser, "Firefox");
  EXPECT_EQ(device.browser_version, "121.0");
  EXPECT_EQ(device.os, "Ubuntu");
  EXPECT_TRUE(parser.ready());
  EXPECT_GT(parser.rule_count(), 1000U);
  EXPECT_NE(log_text.str().find(R"("event":"user_agent.rules_loaded")"), std::string::npos) << log_text.str();
}

TEST(user_agent_rules_in_background, rules_that_cannot_be_read_are_logged_and_every_use_fails) {
  temp_dir dir;
  write_file(dir.path() / "regexes.yaml", "user_agent_parsers: []\n");  // no os_parsers, no device_parsers
  std::ostringstream log_text;
  logger log(log_text);
  const auto parser = user_agent_parser::load_in_background(dir.path() / "regexes.yaml", log);
  parser.wait();

  EXPECT_FALSE(parser.ready());
  EXPECT_THROW(std::ignore = parser.parse(firefox_on_ubuntu), std::runtime_error);
  EXPECT_NE(log_text.str().find(R"("event":"user_agent.rules_failed")"), std::string::npos) << log_text.str();
  EXPECT_NE(log_text.str().find("os_parsers"), std::string::npos) << "the log says what is wrong";
}

TEST(password_blocklist_in_background, a_check_before_the_lists_are_read_waits_for_them) {
  temp_dir dir;
  const auto list_file = make_named_pipe(dir.path() / "common.lst");
  auto list = password_blocklist::load_in_background({list_file});
  ASSERT_TRUE(list.has_value()) << list.error();
  pipe_content content(list_file);
  EXPECT_FALSE(list->ready());

  auto early_check = std::async(std::launch::async, [&list] { return list->contains("hunter22"); });
  content.write("#!comment: a header\nHunter22\nletmein\n");

  EXPECT_TRUE(early_check.get());
  EXPECT_TRUE(list->ready());
  EXPECT_EQ(list->size(), 2U);
  EXPECT_FALSE(list->contains("correct horse"));
}

TEST(password_blocklist_in_background, a_file_that_cannot_be_read_is_named_at_once) {
  temp_dir dir;
  const auto list = password_blocklist::load_in_background({dir.path() / "missing.lst"});
  ASSERT_FALSE(list.has_value());
  EXPECT_NE(list.error().find("missing.lst"), std::string::npos);
}

}  // namespace
}  // namespace twofold::server::testing
