#include "account/security_notice.hpp"

#include "account/product_name.hpp"

namespace twofold::server {

namespace {

std::string_view key_of(security_notice_kind kind) {
  switch (kind) {
    case security_notice_kind::new_device: return "new_device";
    case security_notice_kind::new_location: return "new_location";
    case security_notice_kind::new_device_and_location: return "new_device_and_location";
    case security_notice_kind::blocked_device: return "blocked_device";
    case security_notice_kind::blocked_location: return "blocked_location";
    case security_notice_kind::password_known: return "password_known";
    case security_notice_kind::two_factor_on: return "two_factor_on";
    case security_notice_kind::two_factor_off: return "two_factor_off";
    case security_notice_kind::backup_codes_new: return "backup_codes_new";
  }
  return "new_device";
}

std::string text_key(security_notice_kind kind, std::string_view part) {
  return "mail.notice." + std::string(key_of(kind)) + "." + std::string(part);
}

// "Firefox 121 on Windows 10".
std::string device_text(const mail_recipient& to, const device_description& device) {
  const auto with_version = [](const std::string& name, const std::string& version) {
    return version.empty() ? name : name + " " + version;
  };
  return say(to, "mail.notice.device_name",
             {{"browser", with_version(device.browser, device.browser_version)},
              {"system", with_version(device.os, device.os_version)}});
}

// "Berlin, Germany", "Germany", or "network 203.0.113.0/24".
std::string place_text(const mail_recipient& to, const place& location) {
  const auto names = names_in(to_record(location), to.language);
  if (names.country.empty()) return say(to, "mail.notice.network", {{"network", location.network}});
  if (names.city.empty()) return names.country;
  return say(to, "mail.notice.city_country", {{"city", names.city}, {"country", names.country}});
}

}  // namespace

outbox_mail_record security_notice(security_notice_kind kind, const user& recipient, const sign_in_origin& origin,
                                   const std::string& security_link, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const i18n::message_arguments names{{"product", std::string(product_name)},
                                      {"company", recipient.company_name},
                                      {"account", recipient.username}};
  const notice_mail content{
      .subject = say(to, text_key(kind, "subject"), names),
      .paragraphs = {greeting(to), say(to, text_key(kind, "body"), names),
                     say(to, "mail.notice.when", {{"time", minute_text(now)}}),
                     say(to, "mail.notice.device", {{"device", device_text(to, origin.device)}}),
                     say(to, "mail.notice.place", {{"place", place_text(to, origin.location)}}),
                     say(to, "mail.notice.ip", {{"ip", origin.client.ip}}), say(to, text_key(kind, "advice"))},
      .kind = notice_mail::highlight::link,
      .highlighted = security_link,
  };
  return outbox_record(content, to, now);
}

std::optional<security_notice_kind> novelty_notice(bool new_device, bool new_location) {
  if (new_device && new_location) return security_notice_kind::new_device_and_location;
  if (new_device) return security_notice_kind::new_device;
  if (new_location) return security_notice_kind::new_location;
  return std::nullopt;
}

}  // namespace twofold::server
