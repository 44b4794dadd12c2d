#include "mail/configured_transport.hpp"

#include "mail/file_transport.hpp"
#include "mail/smtp_transport.hpp"

namespace twofold::server {

std::unique_ptr<mail_transport> configured_transport(const config& cfg, logger& log) {
  if (cfg.mail_transport == "smtp") {
    return std::make_unique<smtp_transport>(smtp_settings{
        .url = cfg.smtp_url,
        .starttls = cfg.smtp_starttls,
        .username = cfg.smtp_username,
        .password = cfg.smtp_password,
        .ca_file = cfg.smtp_ca_file,
        .from = cfg.mail_from,
        .total_timeout = cfg.smtp_timeout,
    });
  }
  return std::make_unique<file_transport>(cfg.data_dir, cfg.mail_from, log);
}

}  // namespace twofold::server
