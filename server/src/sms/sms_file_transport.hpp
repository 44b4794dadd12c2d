#pragma once
// Delivers text messages into a folder instead of a gateway: each becomes
// <data_dir>/outbox/sms/<created, e.g. 20260101T000000Z>-<outbox id>.txt,
//
//   To: +447700900123
//   Date: 2026-01-01T00:00:00Z
//
//   Twofold sign-in code: 123456. ...
//
// The default, so a local install needs nothing to set up SMS codes; the
// log line {"event":"sms.written","path":...} tells where to look. Written
// like mail's files (mail/outbox_file.hpp): whole or not at all.
#include <filesystem>

#include "mail/outbox_file.hpp"
#include "runtime/logger.hpp"
#include "sms/sms_transport.hpp"

namespace twofold::server {

class sms_file_transport final : public sms_transport {
 public:
  static constexpr std::string_view folder_name = "outbox/sms";

  sms_file_transport(const std::filesystem::path& data_dir, logger& log);

  [[nodiscard]] delivery_result deliver(const outbox_sms_record& sms) override;
  [[nodiscard]] std::chrono::seconds longest_attempt() const override { return longest_file_write; }

  // Where `sms` is written.
  [[nodiscard]] std::filesystem::path file_for(const outbox_sms_record& sms) const;

 private:
  std::filesystem::path folder_;
  logger& log_;
};

}  // namespace twofold::server
