// The email-code resend countdown (twofold/otp/resend_countdown.hpp), walked
// through its states step by step.
#include "twofold/otp/resend_countdown.hpp"

#include <gtest/gtest.h>

namespace twofold::otp {
namespace {

using std::chrono::seconds;

const timestamp t0{seconds{1'800'000'000}};

TEST(resend_countdown, the_interval_is_sixty_seconds) { EXPECT_EQ(resend_interval, seconds{60}); }

TEST(resend_countdown, before_the_first_send_a_code_may_be_sent) {
  const countdown_state state;
  EXPECT_EQ(state.phase(t0), countdown_phase::never_sent);
  EXPECT_EQ(state.seconds_left(t0), seconds{0});
  EXPECT_TRUE(state.can_resend(t0));
}

TEST(resend_countdown, counts_down_after_a_send) {
  const auto state = countdown_state{}.on_sent(t0);
  EXPECT_EQ(state.last_sent, t0);
  EXPECT_EQ(state.phase(t0), countdown_phase::waiting);
  EXPECT_EQ(state.seconds_left(t0), seconds{60});
  EXPECT_EQ(state.seconds_left(t0 + seconds{1}), seconds{59});
  EXPECT_EQ(state.seconds_left(t0 + seconds{45}), seconds{15});
  EXPECT_EQ(state.seconds_left(t0 + seconds{59}), seconds{1});
  EXPECT_FALSE(state.can_resend(t0 + seconds{59}));
  EXPECT_EQ(state.phase(t0 + seconds{59}), countdown_phase::waiting);
}

TEST(resend_countdown, is_ready_once_the_interval_has_passed) {
  const auto state = countdown_state{}.on_sent(t0);
  for (const auto later : {seconds{60}, seconds{61}, seconds{3600}}) {
    EXPECT_EQ(state.seconds_left(t0 + later), seconds{0});
    EXPECT_TRUE(state.can_resend(t0 + later));
    EXPECT_EQ(state.phase(t0 + later), countdown_phase::ready);
  }
}

TEST(resend_countdown, a_new_send_starts_the_countdown_again) {
  const auto first = countdown_state{}.on_sent(t0);
  const auto second = first.on_sent(t0 + seconds{75});
  EXPECT_EQ(second.last_sent, t0 + seconds{75});
  EXPECT_EQ(second.seconds_left(t0 + seconds{80}), seconds{55});
  EXPECT_FALSE(second.can_resend(t0 + seconds{80}));
  EXPECT_TRUE(second.can_resend(t0 + seconds{135}));
}

TEST(resend_countdown, on_sent_leaves_the_old_state_alone) {
  const auto first = countdown_state{}.on_sent(t0);
  [[maybe_unused]] const auto second = first.on_sent(t0 + seconds{90});
  EXPECT_EQ(first.last_sent, t0);
}

TEST(resend_countdown, a_clock_that_went_backwards_never_stretches_the_wait) {
  const auto state = countdown_state{}.on_sent(t0);
  EXPECT_EQ(state.seconds_left(t0 - seconds{1}), seconds{60});
  EXPECT_EQ(state.seconds_left(t0 - seconds{100000}), seconds{60});
  EXPECT_EQ(state.phase(t0 - seconds{5}), countdown_phase::waiting);
}

TEST(resend_countdown, phases_have_stable_names) {
  EXPECT_EQ(phase_name(countdown_phase::never_sent), "never_sent");
  EXPECT_EQ(phase_name(countdown_phase::waiting), "waiting");
  EXPECT_EQ(phase_name(countdown_phase::ready), "ready");
}

}  // namespace
}  // namespace twofold::otp
