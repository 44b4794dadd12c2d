// The file transport: each message becomes one parseable .eml in
// <data_dir>/outbox, announced in the log; a retry replaces its file.
#include <gtest/gtest.h>

#include <sstream>

#include "mail/file_transport.hpp"
#include "support/parsed_mail.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) files.push_back(entry.path());
  return files;
}

class file_transport_test : public ::testing::Test {
 protected:
  temp_dir dir_;
  std::ostringstream log_text_;
  logger log_{log_text_};
  file_transport transport_{dir_.path(), "Twofold <no-reply@acme.example>", log_};
  outgoing_mail mail_{.id = 42, .created_at = test_epoch, .message = sample_message()};
};

TEST_F(file_transport_test, writes_one_parseable_message_named_by_time_and_id) {
  ASSERT_TRUE(transport_.deliver(mail_).has_value());

  const auto expected = dir_.path() / "outbox" / "20260101T000000Z-42.eml";
  EXPECT_EQ(files_in(dir_.path() / "outbox"), std::vector<std::filesystem::path>{expected});
  const auto parsed = parse_mail_file(expected);
  EXPECT_EQ(parsed["defects"], nlohmann::json::array());
  EXPECT_EQ(parsed["from"], "Twofold <no-reply@acme.example>");
  EXPECT_EQ(parsed["to"], mail_.message.to);
  EXPECT_EQ(parsed["subject"], mail_.message.subject);
  EXPECT_EQ(parsed["message_id"], "<twofold.42.1767225600@acme.example>");
  EXPECT_EQ(parsed["parts"][0]["content"], mail_.message.text);
  EXPECT_EQ(parsed["parts"][1]["content"], mail_.message.html);
}

TEST_F(file_transport_test, logs_where_the_message_went) {
  ASSERT_TRUE(transport_.deliver(mail_).has_value());

  const auto line = nlohmann::json::parse(log_text_.str());
  EXPECT_EQ(line["event"], "mail.written");
  EXPECT_EQ(line["path"], transport_.file_for(mail_).string());
  EXPECT_TRUE(std::filesystem::exists(line["path"].get<std::string>()));
}

TEST_F(file_transport_test, a_retry_replaces_its_file) {
  ASSERT_TRUE(transport_.deliver(mail_).has_value());
  ASSERT_TRUE(transport_.deliver(mail_).has_value());

  EXPECT_EQ(files_in(dir_.path() / "outbox").size(), 1U);
}

TEST_F(file_transport_test, reports_an_unwritable_folder_as_a_value) {
  write_file(dir_.path() / "outbox", "a file where the folder should be");

  const auto outcome = transport_.deliver(mail_);

  ASSERT_FALSE(outcome.has_value());
  EXPECT_NE(outcome.error().find("outbox"), std::string::npos) << outcome.error();
}

}  // namespace
}  // namespace twofold::server::testing
