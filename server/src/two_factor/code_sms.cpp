#include "two_factor/code_sms.hpp"

#include <string>

#include "account/product_name.hpp"
#include "twofold/i18n/message_format.hpp"

namespace twofold::server {

outbox_sms_record code_sms(sent_code_kind kind, const user& recipient, std::string_view phone, std::string_view code,
                           std::chrono::seconds valid_for, timestamp now) {
  const auto key = kind == sent_code_kind::sign_in ? "sms.sign_in_code" : "sms.setup_code";
  return outbox_sms_record{
      .id = 0,
      .created_at = now,
      .recipient = std::string(phone),
      .text = i18n::format(recipient.language, key,
                           {{"product", std::string(product_name)},
                            {"code", std::string(code)},
                            {"minutes", std::chrono::ceil<std::chrono::minutes>(valid_for).count()}}),
      .attempts = 0,
  };
}

}  // namespace twofold::server
