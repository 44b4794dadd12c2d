// The SMTP transport over TLS against a real SMTP server (aiosmtpd) with
// certificates made for each test: STARTTLS and SMTPS with AUTH deliver; a
// wrong password, a certificate from another CA or for another host are
// failure values; credentials never cross a connection in clear.
#include <gtest/gtest.h>

#include <sstream>

#include "mail/configured_transport.hpp"
#include "mail/smtp_transport.hpp"
#include "support/config_loading.hpp"
#include "support/smtp_sink.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_certificates.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

constexpr const char* relay_user = "twofold";
constexpr const char* relay_password = "relay-Secret-1";

class smtp_transport_tls_test : public ::testing::Test {
 protected:
  // A sink speaking `tls` with `certificate`, asking for relay_user's password.
  smtp_sink start_sink(smtp_sink_tls tls, const server_certificate& certificate) {
    return smtp_sink(free_loopback_port(), dir_.path() / "received",
                     {.tls = tls, .certificate = certificate, .user = relay_user, .password = relay_password});
  }

  // What a relay at `url` needs: STARTTLS for smtp://, the password, our CA.
  smtp_settings settings_for(const std::string& url) const {
    return smtp_settings{.url = url,
                         .starttls = url.starts_with("smtp://"),
                         .username = relay_user,
                         .password = relay_password,
                         .ca_file = ca_.certificate().string(),
                         .from = "Twofold <no-reply@acme.example>",
                         .connect_timeout = std::chrono::seconds{5},
                         .total_timeout = std::chrono::seconds{20}};
  }

  static delivery_result deliver(const smtp_settings& settings) {
    smtp_transport transport(settings);
    return transport.deliver({.id = 1, .created_at = test_epoch, .message = sample_message()});
  }

  temp_dir dir_;
  throwaway_ca ca_{dir_.path() / "ca"};
};

void expect_only_encrypted_auth(const smtp_sink& server) {
  const auto attempts = server.auth_attempts();
  EXPECT_FALSE(attempts.empty());
  for (const auto& attempt : attempts) EXPECT_TRUE(attempt.tls) << attempt.mechanism << " in clear";
}

// Refused for the server's certificate, before any password was offered.
void expect_certificate_refused(const delivery_result& outcome, const smtp_sink& server) {
  ASSERT_FALSE(outcome.has_value()) << "accepted the server's certificate";
  EXPECT_NE(outcome.error().find("certificate"), std::string::npos) << outcome.error();
  EXPECT_TRUE(server.received().empty());
  EXPECT_TRUE(server.auth_attempts().empty()) << "offered the password to an unverified server";
}

TEST_F(smtp_transport_tls_test, delivers_through_starttls_with_auth) {
  const auto server = start_sink(smtp_sink_tls::starttls, ca_.issue("server"));

  const auto outcome = deliver(settings_for(server.url()));

  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].envelope["auth_user"], relay_user);
  EXPECT_EQ(received[0].envelope["rcpt_tos"], nlohmann::json::array({"bob@acme.example"}));
  expect_only_encrypted_auth(server);
}

TEST_F(smtp_transport_tls_test, delivers_through_smtps_with_auth) {
  const auto server = start_sink(smtp_sink_tls::implicit, ca_.issue("server"));
  ASSERT_TRUE(server.url().starts_with("smtps://"));

  const auto outcome = deliver(settings_for(server.url()));

  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].envelope["auth_user"], relay_user);
  expect_only_encrypted_auth(server);
}

TEST_F(smtp_transport_tls_test, a_wrong_password_is_a_failure_value) {
  const auto server = start_sink(smtp_sink_tls::starttls, ca_.issue("server"));
  auto settings = settings_for(server.url());
  settings.password = "not-the-password";

  const auto outcome = deliver(settings);

  ASSERT_FALSE(outcome.has_value());
  EXPECT_NE(outcome.error().find(server.url()), std::string::npos) << outcome.error();
  EXPECT_TRUE(server.received().empty());
  expect_only_encrypted_auth(server);
}

TEST_F(smtp_transport_tls_test, refuses_a_certificate_from_another_ca_with_starttls) {
  const throwaway_ca other_ca(dir_.path() / "other-ca");
  const auto server = start_sink(smtp_sink_tls::starttls, other_ca.issue("server"));

  expect_certificate_refused(deliver(settings_for(server.url())), server);
}

TEST_F(smtp_transport_tls_test, refuses_a_certificate_from_another_ca_with_smtps) {
  const throwaway_ca other_ca(dir_.path() / "other-ca");
  const auto server = start_sink(smtp_sink_tls::implicit, other_ca.issue("server"));

  expect_certificate_refused(deliver(settings_for(server.url())), server);
}

TEST_F(smtp_transport_tls_test, refuses_a_certificate_for_another_host) {
  const auto server = start_sink(smtp_sink_tls::starttls, ca_.issue("elsewhere", "DNS:mail.example.com"));

  expect_certificate_refused(deliver(settings_for(server.url())), server);
}

TEST_F(smtp_transport_tls_test, without_a_ca_file_trusts_only_the_system_store) {
  const auto server = start_sink(smtp_sink_tls::implicit, ca_.issue("server"));
  auto settings = settings_for(server.url());
  settings.ca_file.clear();

  expect_certificate_refused(deliver(settings), server);
}

TEST_F(smtp_transport_tls_test, required_starttls_never_sends_credentials_in_clear) {
  // A careless relay: no STARTTLS, AUTH offered in clear.
  const smtp_sink server(
      free_loopback_port(), dir_.path() / "received",
      {.tls = smtp_sink_tls::none, .certificate = {}, .user = relay_user, .password = relay_password});
  auto settings = settings_for(server.url());

  EXPECT_FALSE(deliver(settings).has_value()) << "sent in clear although STARTTLS was required";
  EXPECT_TRUE(server.auth_attempts().empty()) << "sent the password in clear";
  EXPECT_TRUE(server.received().empty());

  // The sink does see a password sent in clear: the same delivery without
  // STARTTLS authenticates.
  settings.starttls = false;
  ASSERT_TRUE(deliver(settings).has_value());
  const auto attempts = server.auth_attempts();
  ASSERT_EQ(attempts.size(), 1U);
  EXPECT_FALSE(attempts[0].tls);
}

TEST_F(smtp_transport_tls_test, the_configured_transport_uses_the_ca_file) {
  const auto server = start_sink(smtp_sink_tls::starttls, ca_.issue("server"));
  const auto cfg = loaded({"--mail-transport", "smtp", "--smtp-url", server.url(), "--smtp-starttls", "true",
                           "--smtp-username", relay_user, "--smtp-ca-file", ca_.certificate().string()},
                          {std::string("TWOFOLD_SMTP_PASSWORD=") + relay_password});
  std::ostringstream log_text;
  logger log(log_text);

  const auto outcome = configured_transport(cfg, log)->deliver(
      {.id = 1, .created_at = test_epoch, .message = sample_message()});

  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  ASSERT_EQ(server.received().size(), 1U);
  EXPECT_EQ(server.received()[0].envelope["auth_user"], relay_user);
}

}  // namespace
}  // namespace twofold::server::testing
