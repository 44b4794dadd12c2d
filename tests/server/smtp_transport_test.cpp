// The SMTP transport against a real SMTP server (aiosmtpd): the envelope and
// the message arrive as composed; an unreachable server is a value, not an
// exception.
#include <gtest/gtest.h>

#include "mail/smtp_transport.hpp"
#include "support/parsed_mail.hpp"
#include "support/smtp_sink.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

smtp_settings settings_for(std::string url) {
  return smtp_settings{.url = std::move(url),
                       .starttls = false,
                       .username = "",
                       .password = "",
                       .ca_file = "",
                       .from = "Twofold <no-reply@acme.example>",
                       .connect_timeout = std::chrono::seconds{5},
                       .total_timeout = std::chrono::seconds{20}};
}

TEST(smtp_transport, delivers_to_a_real_smtp_server) {
  temp_dir dir;
  smtp_sink server(free_loopback_port(), dir.path() / "received");
  smtp_transport transport(settings_for(server.url()));
  const outgoing_mail mail{.id = 9, .created_at = test_epoch, .message = sample_message()};

  const auto outcome = transport.deliver(mail);

  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].envelope["mail_from"], "no-reply@acme.example");
  EXPECT_EQ(received[0].envelope["rcpt_tos"], nlohmann::json::array({"bob@acme.example"}));
  const auto parsed = parse_mail_file(received[0].file);
  EXPECT_EQ(parsed["defects"], nlohmann::json::array());
  EXPECT_EQ(parsed["from"], "Twofold <no-reply@acme.example>");
  EXPECT_EQ(parsed["to"], "bob@acme.example");
  EXPECT_EQ(parsed["subject"], mail.message.subject);
  EXPECT_EQ(parsed["message_id"], "<twofold.9.1767225600@acme.example>");
  ASSERT_EQ(parsed["parts"].size(), 2U);
  EXPECT_EQ(parsed["parts"][0]["content"], mail.message.text);
  EXPECT_EQ(parsed["parts"][1]["content"], mail.message.html);
}

TEST(smtp_transport, an_unreachable_server_is_a_failure_value) {
  const std::uint16_t port = free_loopback_port();
  ASSERT_FALSE(accepts_connections(port));
  smtp_transport transport(settings_for("smtp://127.0.0.1:" + std::to_string(port)));

  const auto outcome = transport.deliver({.id = 1, .created_at = test_epoch, .message = sample_message()});

  ASSERT_FALSE(outcome.has_value());
  EXPECT_NE(outcome.error().find(std::to_string(port)), std::string::npos) << outcome.error();
}

TEST(smtp_transport, required_starttls_refuses_a_server_without_it) {
  temp_dir dir;
  smtp_sink server(free_loopback_port(), dir.path() / "received");
  auto settings = settings_for(server.url());
  settings.starttls = true;
  smtp_transport transport(settings);

  const auto outcome = transport.deliver({.id = 1, .created_at = test_epoch, .message = sample_message()});

  EXPECT_FALSE(outcome.has_value()) << "sent in clear although STARTTLS was required";
  EXPECT_TRUE(server.received().empty());
}

}  // namespace
}  // namespace twofold::server::testing
