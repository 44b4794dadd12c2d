#include "mail/file_transport.hpp"

#include "mail/mime_message.hpp"
#include "mail/outbox_file.hpp"

namespace twofold::server {

file_transport::file_transport(const std::filesystem::path& data_dir, std::string from, logger& log)
    : folder_(data_dir / folder_name), from_(std::move(from)), log_(log) {}

std::filesystem::path file_transport::file_for(const outgoing_mail& mail) const {
  return outbox_file(folder_, mail.created_at, mail.id, ".eml");
}

delivery_result file_transport::deliver(const outgoing_mail& mail) {
  const std::string text =
      mime_message(mail.message, {.from = from_, .date = mail.created_at, .message_id = message_id_for(mail, from_)});
  const auto file = file_for(mail);
  auto written = write_outbox_file(file, text);
  if (written) log_.info("mail.written", {{"path", file.string()}, {"outbox_id", mail.id}});
  return written;
}

}  // namespace twofold::server
