// The outbox's retry schedule: 30 s doubling, capped at an hour, forever.
#include <gtest/gtest.h>

#include "mail/mail_retry.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

TEST(mail_retry, starts_at_thirty_seconds_and_doubles) {
  EXPECT_EQ(mail_retry_delay(1), seconds{30});
  EXPECT_EQ(mail_retry_delay(2), seconds{60});
  EXPECT_EQ(mail_retry_delay(3), seconds{120});
  EXPECT_EQ(mail_retry_delay(7), seconds{1920});
}

TEST(mail_retry, waits_at_most_an_hour_and_never_gives_up) {
  EXPECT_EQ(mail_retry_delay(8), seconds{3600});
  EXPECT_EQ(mail_retry_delay(9), seconds{3600});
  EXPECT_EQ(mail_retry_delay(10'000), seconds{3600});
}

}  // namespace
}  // namespace twofold::server::testing
