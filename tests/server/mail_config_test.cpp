// The mail options: file delivery by default, SMTP when asked, the password
// from the environment, the SMTP timeout (and so the outbox's lease), and
// every mistake reported as a message.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "mail/configured_transport.hpp"
#include "runtime/logger.hpp"
#include "support/config_loading.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

namespace twofold::server::testing {
namespace {

TEST(mail_config, writes_files_by_default_so_no_mail_server_is_needed) {
  const auto cfg = loaded({});
  EXPECT_EQ(cfg.mail_transport, "file");
  EXPECT_EQ(cfg.mail_from, "Twofold <no-reply@localhost>");
  EXPECT_TRUE(cfg.smtp_url.empty());
  EXPECT_FALSE(cfg.smtp_starttls);
  EXPECT_TRUE(cfg.smtp_ca_file.empty()) << "the system's trust store";
}

TEST(mail_config, reads_the_smtp_options) {
  const auto cfg = loaded({"--mail-transport", "smtp", "--smtp-url", "smtp://mail.example.com:587", "--smtp-starttls",
                           "true", "--smtp-username", "twofold", "--mail-from", "Acme <no-reply@acme.example>"},
                          {"TWOFOLD_SMTP_PASSWORD=s3cret"});
  EXPECT_EQ(cfg.mail_transport, "smtp");
  EXPECT_EQ(cfg.smtp_url, "smtp://mail.example.com:587");
  EXPECT_TRUE(cfg.smtp_starttls);
  EXPECT_EQ(cfg.smtp_username, "twofold");
  EXPECT_EQ(cfg.smtp_password, "s3cret");
  EXPECT_EQ(cfg.mail_from, "Acme <no-reply@acme.example>");
}

TEST(mail_config, accepts_a_boolean_in_the_config_file) {
  temp_dir dir;
  write_file(dir.path() / "twofold.json",
             R"({"mail-transport": "smtp", "smtp-url": "smtp://127.0.0.1:2525", "smtp-starttls": true})");
  EXPECT_TRUE(loaded({"--config", (dir.path() / "twofold.json").string()}).smtp_starttls);
}

TEST(mail_config, reports_mistakes) {
  EXPECT_NE(error_of({"--mail-transport", "pigeon"}).find("--mail-transport"), std::string::npos);
  EXPECT_NE(error_of({"--mail-transport", "smtp"}).find("--smtp-url"), std::string::npos);
  EXPECT_NE(error_of({"--mail-transport", "smtp", "--smtp-url", "http://mail.example.com"}).find("--smtp-url"),
            std::string::npos);
  EXPECT_NE(error_of({"--smtp-starttls", "maybe"}).find("--smtp-starttls"), std::string::npos);
  EXPECT_NE(error_of({"--smtp-url", "smtps://mail.example.com:465", "--smtp-starttls", "true"}).find("smtps://"),
            std::string::npos);
  EXPECT_NE(error_of({"--mail-from", "nobody"}).find("--mail-from"), std::string::npos);
}

TEST(mail_config, reads_the_ca_file_for_the_relays_certificate) {
  temp_dir dir;
  const throwaway_ca ca(dir.path() / "ca");
  const std::string file = ca.certificate().string();
  EXPECT_EQ(loaded({"--mail-transport", "smtp", "--smtp-url", "smtps://mail.example.com:465", "--smtp-ca-file", file})
                .smtp_ca_file,
            file);
  EXPECT_EQ(loaded({"--mail-transport", "smtp", "--smtp-url", "smtp://mail.example.com:587", "--smtp-starttls", "true"},
                   {"TWOFOLD_SMTP_CA_FILE=" + file})
                .smtp_ca_file,
            file);
}

TEST(mail_config, rejects_a_ca_file_that_is_missing_or_holds_no_certificate) {
  temp_dir dir;
  const auto error_for = [](const std::filesystem::path& file) {
    return error_of({"--mail-transport", "smtp", "--smtp-url", "smtps://mail.example.com:465", "--smtp-ca-file",
                     file.string()});
  };
  EXPECT_NE(error_for(dir.path() / "missing.pem").find("--smtp-ca-file \"" + (dir.path() / "missing.pem").string() +
                                                        "\" does not exist"),
            std::string::npos);
  EXPECT_NE(error_for(dir.path()).find("is not a file"), std::string::npos);
  write_file(dir.path() / "key.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n-----END PRIVATE KEY-----\n");
  EXPECT_NE(error_for(dir.path() / "key.pem").find("holds no PEM certificate"), std::string::npos);
}

TEST(mail_config, a_ca_file_needs_tls) {
  temp_dir dir;
  const throwaway_ca ca(dir.path() / "ca");
  EXPECT_NE(error_of({"--mail-transport", "smtp", "--smtp-url", "smtp://mail.example.com:25", "--smtp-ca-file",
                      ca.certificate().string()})
                .find("--smtp-ca-file is for TLS"),
            std::string::npos);
}

TEST(mail_config, the_smtp_timeout_limits_a_conversation_and_so_the_outbox_lease) {
  EXPECT_EQ(loaded({}).smtp_timeout, std::chrono::seconds{60});
  EXPECT_EQ(loaded({}, {"TWOFOLD_SMTP_TIMEOUT=90"}).smtp_timeout, std::chrono::seconds{90});

  const auto cfg = loaded({"--mail-transport", "smtp", "--smtp-url", "smtp://127.0.0.1:2525", "--smtp-timeout", "5"});
  EXPECT_EQ(cfg.smtp_timeout, std::chrono::seconds{5});
  std::ostringstream log_text;
  logger log(log_text);
  EXPECT_EQ(configured_transport(cfg, log)->longest_attempt(), std::chrono::seconds{5})
      << "the transport gives up by then, and the outbox leases a mail for it";
}

TEST(mail_config, refuses_an_smtp_timeout_out_of_range) {
  for (const char* value : {"0", "3601", "-5", "soon", ""}) {
    const auto error = error_of({"--smtp-timeout", value});
    EXPECT_NE(error.find("--smtp-timeout"), std::string::npos) << value << ": " << error;
  }
}

TEST(mail_config, help_lists_the_mail_options) {
  const auto help = load({"--help"})->help_text;
  for (const char* option : {"--mail-transport", "--smtp-url", "--smtp-starttls", "--smtp-username", "--smtp-password",
                             "--smtp-ca-file", "--mail-from", "--smtp-timeout", "TWOFOLD_SMTP_PASSWORD"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace twofold::server::testing
