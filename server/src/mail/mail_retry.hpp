#pragma once
// When to try a message (mail or SMS) again after failed deliveries: 30 s
// after the first failure, doubling each time, at most an hour apart, and
// never giving up (a mail server or SMS gateway down for a day still gets its
// messages once it is back).
//
//   failures:  1     2     3      4      5      6      7      8+
//   wait:      30 s  1 min 2 min  4 min  8 min  16 min 32 min 1 h
#include <chrono>

namespace twofold::server {

inline constexpr std::chrono::seconds first_mail_retry{30};
inline constexpr std::chrono::seconds longest_mail_retry{60 * 60};

// `failures` >= 1: the failed attempts so far, counting the one just made.
[[nodiscard]] std::chrono::seconds mail_retry_delay(int failures);

}  // namespace twofold::server
