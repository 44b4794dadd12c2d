#pragma once
// Delivers mail into a folder instead of a mail server: each message becomes
// <data_dir>/outbox/<created, e.g. 20260101T000000Z>-<outbox id>.eml, a
// complete RFC 5322 message any mail client opens. The default transport, so
// a development server needs no mail server; the log line
// {"event":"mail.written","path":...} tells where to look.
//
// A file appears whole or not at all (written aside, then renamed), and a
// retry of the same message overwrites its file rather than adding one.
#include <filesystem>
#include <string>

#include "mail/mail_transport.hpp"
#include "mail/outbox_file.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

class file_transport final : public mail_transport {
 public:
  static constexpr std::string_view folder_name = "outbox";

  // `from`: the From mailbox, e.g. "Twofold <no-reply@localhost>".
  file_transport(const std::filesystem::path& data_dir, std::string from, logger& log);

  [[nodiscard]] delivery_result deliver(const outgoing_mail& mail) override;
  [[nodiscard]] std::chrono::seconds longest_attempt() const override { return longest_file_write; }

  // Where `mail` is written.
  [[nodiscard]] std::filesystem::path file_for(const outgoing_mail& mail) const;

 private:
  std::filesystem::path folder_;
  std::string from_;
  logger& log_;
};

}  // namespace twofold::server
