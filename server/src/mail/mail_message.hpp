#pragma once
// One email as the application composes it: a recipient, a subject and the
// same content as plain text and as HTML. Building the wire format is
// mime_message's job; sending it is a mail_transport's.
#include <string>

namespace twofold::server {

struct mail_message {
  std::string to;       // one address, e.g. "alice@acme.example"
  std::string subject;  // UTF-8, any script
  std::string text;     // UTF-8 plain text
  std::string html;     // UTF-8 HTML document or fragment
};

}  // namespace twofold::server
