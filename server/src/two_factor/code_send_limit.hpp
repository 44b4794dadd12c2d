#pragma once
// Codes sent per account: whoever knows the password could otherwise start
// sign-ins without end, each mailing (or texting) a code. At most
// max_code_sends_per_hour pending sign-ins and resent codes per account in
// any rolling hour, counted in the database (code_sends) so that every
// server behind one database counts the same.
//
// Only a right password (or a waiting sign-in, which needed one) reaches the
// limit, so its answer — too_many_attempts with Retry-After, the throttle's —
// tells nothing about a password to anyone who does not already know it.
#include <chrono>

#include "storage/change_set.hpp"
#include "storage/records.hpp"

namespace twofold::server {

inline constexpr int max_code_sends_per_hour = 10;
inline constexpr std::chrono::seconds code_send_window{60 * 60};

// The moment from which sends still count at `now`.
[[nodiscard]] timestamp code_sends_counted_since(timestamp now);

// Zero when one more may be sent at `now`; else the seconds until the
// oldest counted send leaves the window (at least one).
[[nodiscard]] std::chrono::seconds code_send_wait(const code_send_history_record& sent, timestamp now);

// The guard that counts one more send, only while under the limit.
[[nodiscard]] guard count_code_send(row_id user_id, timestamp now);

}  // namespace twofold::server
