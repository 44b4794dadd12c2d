#include "mail/mail_retry.hpp"

#include <algorithm>

namespace twofold::server {

std::chrono::seconds mail_retry_delay(int failures) {
  std::chrono::seconds delay = first_mail_retry;
  for (int doubled = 1; doubled < failures && delay < longest_mail_retry; ++doubled) delay *= 2;
  return std::min(delay, longest_mail_retry);
}

}  // namespace twofold::server
