#pragma once
// Delivers mail to an SMTP server with libcurl: smtp://host:port (plain, or
// upgraded with STARTTLS when `starttls` is set, RFC 3207) or
// smtps://host:465 (TLS from the first byte, RFC 8314). The server's
// certificate and host name are always verified, against the system's trust
// store or, when `ca_file` is set, against that file's CAs only.
//
// One connection per message: mail here is rare (codes, notices), and a
// fresh connection never trips over a server that closed an idle one.
#include <chrono>
#include <string>

#include "mail/mail_transport.hpp"

namespace twofold::server {

struct smtp_settings {
  std::string url;          // "smtp://127.0.0.1:2525", "smtps://mail.example.com:465"
  bool starttls = false;    // smtp:// only: require STARTTLS, fail rather than send in clear
  std::string username;     // empty: no AUTH
  std::string password;
  std::string ca_file;      // PEM CA certificates to trust; empty: the system's store
  std::string from;         // mailbox, e.g. "Twofold <no-reply@example.com>"
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds total_timeout{60};  // whole conversation, per message (--smtp-timeout)
};

class smtp_transport final : public mail_transport {
 public:
  explicit smtp_transport(smtp_settings settings);

  [[nodiscard]] delivery_result deliver(const outgoing_mail& mail) override;
  // libcurl ends the conversation at total_timeout, connecting included.
  [[nodiscard]] std::chrono::seconds longest_attempt() const override { return settings_.total_timeout; }

 private:
  smtp_settings settings_;
};

}  // namespace twofold::server
