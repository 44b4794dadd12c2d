#pragma once
// Mail the mail tests send: a message with a Chinese subject and both
// bodies, so every test exercises the non-ASCII paths too.
#include <string>

#include "mail/mail_message.hpp"
#include "storage/change_set.hpp"
#include "twofold/time.hpp"

namespace twofold::server::testing {

inline mail_message sample_message(std::string to = "bob@acme.example") {
  return mail_message{
      .to = std::move(to),
      .subject = "您的验证码 Your sign-in code",
      .text = "Your code is 123456.\nIt expires in 10 minutes.\n您的验证码是 123456。\n",
      .html = "<p>Your code is <b>123456</b>.</p>\n<p>您的验证码是 <b>123456</b>。</p>\n",
  };
}

inline outbox_mail_record outbox_entry(const mail_message& message, timestamp created_at) {
  return outbox_mail_record{.id = 0,
                            .created_at = created_at,
                            .recipient = message.to,
                            .subject = message.subject,
                            .text_body = message.text,
                            .html_body = message.html,
                            .attempts = 0};
}

// A change set that only enqueues `message`.
inline change_set enqueue(const mail_message& message, timestamp created_at) {
  change_set changes;
  changes.mail = {outbox_entry(message, created_at)};
  return changes;
}

}  // namespace twofold::server::testing
