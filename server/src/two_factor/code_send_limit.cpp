#include "two_factor/code_send_limit.hpp"

#include <algorithm>

namespace twofold::server {

timestamp code_sends_counted_since(timestamp now) { return now - code_send_window; }

std::chrono::seconds code_send_wait(const code_send_history_record& sent, timestamp now) {
  if (sent.count < max_code_sends_per_hour || !sent.oldest) return std::chrono::seconds{0};
  return std::max(std::chrono::seconds{1}, *sent.oldest + code_send_window - now);
}

guard count_code_send(row_id user_id, timestamp now) {
  return code_send{.user_id = user_id, .max = max_code_sends_per_hour, .since = code_sends_counted_since(now), .now = now};
}

}  // namespace twofold::server
