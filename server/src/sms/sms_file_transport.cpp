#include "sms/sms_file_transport.hpp"

#include "mail/outbox_file.hpp"

namespace twofold::server {

sms_file_transport::sms_file_transport(const std::filesystem::path& data_dir, logger& log)
    : folder_(data_dir / folder_name), log_(log) {}

std::filesystem::path sms_file_transport::file_for(const outbox_sms_record& sms) const {
  return outbox_file(folder_, sms.created_at, sms.id, ".txt");
}

delivery_result sms_file_transport::deliver(const outbox_sms_record& sms) {
  const auto file = file_for(sms);
  auto written = write_outbox_file(file, "To: " + sms.recipient + "\nDate: " + iso8601(sms.created_at) + "\n\n" +
                                             sms.text + "\n");
  if (written) log_.info("sms.written", {{"path", file.string()}, {"outbox_id", sms.id}});
  return written;
}

}  // namespace twofold::server
