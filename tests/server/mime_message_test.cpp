// The wire format of outgoing mail, read back by an independent parser
// (Python's email package): headers, an RFC 2047 subject in Chinese, and both
// bodies decoded to exactly what was composed.
#include <gtest/gtest.h>

#include <sstream>

#include "mail/mime_message.hpp"
#include "support/parsed_mail.hpp"
#include "support/test_accounts.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

const mime_envelope envelope{
    .from = "Twofold <no-reply@acme.example>", .date = test_epoch, .message_id = "twofold.7.1767225600@acme.example"};

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(text.substr(start, end - start));
  }
  EXPECT_EQ(start, text.size()) << "the message ends with CRLF";
  return lines;
}

TEST(mime_message, parses_back_to_the_composed_message) {
  const auto message = sample_message();
  const auto parsed = parse_mail_text(mime_message(message, envelope));

  EXPECT_EQ(parsed["defects"], nlohmann::json::array());
  EXPECT_EQ(parsed["from"], "Twofold <no-reply@acme.example>");
  EXPECT_EQ(parsed["to"], "bob@acme.example");
  EXPECT_EQ(parsed["subject"], "您的验证码 Your sign-in code");
  EXPECT_EQ(parsed["date"], test_epoch.time_since_epoch().count());
  EXPECT_EQ(parsed["message_id"], "<twofold.7.1767225600@acme.example>");
  EXPECT_EQ(parsed["mime_version"], "1.0");
  EXPECT_EQ(parsed["content_type"], "multipart/alternative");
  ASSERT_EQ(parsed["parts"].size(), 2U);
  EXPECT_EQ(parsed["parts"][0]["content_type"], "text/plain");
  EXPECT_EQ(parsed["parts"][0]["charset"], "utf-8");
  EXPECT_EQ(parsed["parts"][0]["content"], message.text);
  EXPECT_EQ(parsed["parts"][1]["content_type"], "text/html");
  EXPECT_EQ(parsed["parts"][1]["charset"], "utf-8");
  EXPECT_EQ(parsed["parts"][1]["content"], message.html);
}

TEST(mime_message, is_seven_bit_with_short_crlf_lines) {
  const std::string text = mime_message(sample_message(), envelope);
  for (const char c : text) ASSERT_EQ(static_cast<unsigned char>(c) & 0x80, 0) << "8-bit byte in the message";
  for (const auto& line : crlf_lines(text)) {
    EXPECT_LE(line.size(), 78U) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << "bare CR or LF";
  }
}

TEST(mime_message, encodes_a_non_ascii_subject_as_encoded_words) {
  const std::string subject(encoded_header_text("您的验证码 Your sign-in code"));
  EXPECT_TRUE(subject.starts_with("=?UTF-8?B?")) << subject;
  EXPECT_TRUE(subject.ends_with("?=")) << subject;
  EXPECT_EQ(encoded_header_text("Plain ASCII subject"), "Plain ASCII subject");
}

TEST(mime_message, splits_a_long_subject_without_breaking_characters) {
  // 40 three-byte characters: more than one encoded word can hold.
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "码";
  auto message = sample_message();
  message.subject = long_subject;

  const std::string words = encoded_header_text(long_subject);
  std::istringstream folded(words);
  int word_count = 0;
  for (std::string word; std::getline(folded, word, '\n');) {
    if (word.ends_with('\r')) word.pop_back();
    if (word.starts_with(' ')) word.erase(0, 1);
    EXPECT_LE(word.size(), 75U) << word;
    ++word_count;
  }
  EXPECT_GE(word_count, 3);
  EXPECT_EQ(parse_mail_text(mime_message(message, envelope))["subject"], long_subject);
}

TEST(mime_message, keeps_line_breaks_in_header_values_from_starting_new_headers) {
  auto message = sample_message("bob@acme.example\r\nBcc: eve@evil.example");
  message.subject = "Hello\r\nBcc: eve@evil.example";
  const std::string text = mime_message(message, envelope);

  for (const auto& line : crlf_lines(text)) EXPECT_FALSE(line.starts_with("Bcc:")) << line;
  const auto parsed = parse_mail_text(text);
  EXPECT_EQ(parsed["subject"], "Hello  Bcc: eve@evil.example");
}

TEST(mime_message, writes_the_date_in_rfc5322_form) {
  EXPECT_EQ(rfc5322_date(test_epoch), "Thu, 01 Jan 2026 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(timestamp{std::chrono::seconds{1'795'321'273}}), "Sun, 22 Nov 2026 04:21:13 +0000");
}

}  // namespace
}  // namespace twofold::server::testing
