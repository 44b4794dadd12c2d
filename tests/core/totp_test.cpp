// TOTP (twofold/otp/totp.hpp): time steps, codes and verification with its
// window and replay rule. The HMAC is RFC 4226 Appendix D's table (steps 0-9
// are the times 0-299 s), so both builds run these tests without crypto;
// totp_openssl_test adds RFC 6238 Appendix B with a real HMAC.
#include "twofold/otp/totp.hpp"

#include <gtest/gtest.h>

#include "rfc4226_vectors.hpp"

namespace twofold::otp {
namespace {

using std::chrono::seconds;

timestamp at(std::int64_t unix_seconds) { return timestamp{seconds{unix_seconds}}; }

const std::vector<std::uint8_t> key = rfc4226::secret_bytes();
const totp_parameters defaults{};

std::string code_of_step(std::uint64_t step) { return std::string(rfc4226::vectors.at(static_cast<std::size_t>(step)).code); }

result<std::uint64_t, verify_failure> verify(std::string_view code, std::int64_t now,
                                             std::optional<std::uint64_t> last_used = std::nullopt,
                                             const totp_parameters& parameters = defaults) {
  return totp_verify(rfc4226::table_hmac(), key, parameters, code, at(now), last_used);
}

TEST(totp_step, matches_the_time_steps_of_rfc6238_appendix_b) {
  EXPECT_EQ(*totp_step(defaults, at(59)), 0x1U);
  EXPECT_EQ(*totp_step(defaults, at(1111111109)), 0x23523ECU);
  EXPECT_EQ(*totp_step(defaults, at(1111111111)), 0x23523EDU);
  EXPECT_EQ(*totp_step(defaults, at(1234567890)), 0x273EF07U);
  EXPECT_EQ(*totp_step(defaults, at(2000000000)), 0x3F940AAU);
  EXPECT_EQ(*totp_step(defaults, at(20000000000)), 0x27BC86AAU);
}

TEST(totp_step, changes_exactly_at_period_boundaries) {
  EXPECT_EQ(*totp_step(defaults, at(0)), 0U);
  EXPECT_EQ(*totp_step(defaults, at(29)), 0U);
  EXPECT_EQ(*totp_step(defaults, at(30)), 1U);
  EXPECT_EQ(*totp_step(defaults, at(89)), 2U);
  EXPECT_EQ(*totp_step(defaults, at(90)), 3U);
  const totp_parameters minute{.period = seconds{60}};
  EXPECT_EQ(*totp_step(minute, at(59)), 0U);
  EXPECT_EQ(*totp_step(minute, at(60)), 1U);
}

TEST(totp_step, counts_from_t0) {
  const totp_parameters later_start{.start = at(1000)};
  EXPECT_EQ(*totp_step(later_start, at(1000)), 0U);
  EXPECT_EQ(*totp_step(later_start, at(1030)), 1U);
  EXPECT_EQ(totp_step(later_start, at(999)).error(), otp_error::time_before_start);
  EXPECT_EQ(totp_step(defaults, at(-1)).error(), otp_error::time_before_start);
}

TEST(totp_step, refuses_a_period_of_zero_or_less) {
  EXPECT_EQ(totp_step({.period = seconds{0}}, at(100)).error(), otp_error::period_out_of_range);
  EXPECT_EQ(totp_step({.period = seconds{-30}}, at(100)).error(), otp_error::period_out_of_range);
}

TEST(totp, gives_the_hotp_code_of_the_current_step) {
  for (std::int64_t now = 0; now < 300; now += 7) {
    const auto code = totp(rfc4226::table_hmac(), key, defaults, at(now));
    ASSERT_TRUE(code) << now;
    EXPECT_EQ(*code, code_of_step(static_cast<std::uint64_t>(now / 30))) << now;
  }
}

// Step 1 with the RFC 4226 key is RFC 6238 Appendix B's first SHA-1 row.
TEST(totp, gives_eight_digit_codes) {
  EXPECT_EQ(*totp(rfc4226::table_hmac(), key, {.digits = 8}, at(59)), "94287082");
}

TEST(totp, reports_bad_parameters) {
  EXPECT_EQ(totp(rfc4226::table_hmac(), key, {.digits = 9}, at(59)).error(), otp_error::digits_out_of_range);
  EXPECT_EQ(totp(rfc4226::table_hmac(), key, {.period = seconds{0}}, at(59)).error(), otp_error::period_out_of_range);
  EXPECT_EQ(totp(rfc4226::table_hmac(), key, {.algorithm = hmac_algorithm::sha256}, at(59)).error(),
            otp_error::hmac_size_mismatch);
}

TEST(totp_verify, accepts_the_current_step_and_names_it) {
  EXPECT_EQ(*verify(code_of_step(3), 95), 3U);
}

TEST(totp_verify, accepts_one_step_either_side) {
  EXPECT_EQ(*verify(code_of_step(2), 95), 2U);
  EXPECT_EQ(*verify(code_of_step(4), 95), 4U);
}

TEST(totp_verify, refuses_codes_two_steps_away) {
  EXPECT_EQ(verify(code_of_step(1), 95).error(), verify_failure::wrong_code);
  EXPECT_EQ(verify(code_of_step(5), 95).error(), verify_failure::wrong_code);
}

TEST(totp_verify, the_window_moves_with_the_time) {
  // The code of step 3 is good from 60 s (as the next step) to 149 s (as the previous).
  EXPECT_EQ(verify(code_of_step(3), 59).error(), verify_failure::wrong_code);
  EXPECT_EQ(*verify(code_of_step(3), 60), 3U);
  EXPECT_EQ(*verify(code_of_step(3), 149), 3U);
  EXPECT_EQ(verify(code_of_step(3), 150).error(), verify_failure::wrong_code);
}

TEST(totp_verify, refuses_other_codes) {
  for (const char* code : {"000000", "", "75522", "7552240", "abcdef", "755 224"}) {
    EXPECT_EQ(verify(code, 15).error(), verify_failure::wrong_code) << code;
  }
}

TEST(totp_verify, at_step_zero_there_is_no_previous_step) {
  EXPECT_EQ(*verify(code_of_step(0), 10), 0U);
  EXPECT_EQ(*verify(code_of_step(1), 10), 1U);
}

TEST(totp_verify, never_accepts_the_same_step_twice) {
  const auto first = verify(code_of_step(3), 95);
  ASSERT_TRUE(first);
  EXPECT_EQ(verify(code_of_step(3), 96, *first).error(), verify_failure::replayed);
}

TEST(totp_verify, never_accepts_a_step_before_the_last_used_one) {
  EXPECT_EQ(verify(code_of_step(2), 95, 3).error(), verify_failure::replayed);
  // A code from the next step was used early; the current one is now too old.
  EXPECT_EQ(verify(code_of_step(3), 95, 4).error(), verify_failure::replayed);
  EXPECT_EQ(*verify(code_of_step(4), 95, 3), 4U);
  EXPECT_EQ(*verify(code_of_step(3), 95, 2), 3U);
}

TEST(totp_verify, a_wrong_code_is_wrong_even_after_use) {
  EXPECT_EQ(verify(code_of_step(7), 95, 3).error(), verify_failure::wrong_code);
}

// An HMAC whose digest ignores its input: every step has the same code.
const hmac_function same_code_every_step = [](hmac_algorithm, std::span<const std::uint8_t>,
                                              std::span<const std::uint8_t>) {
  return rfc4226::from_hex(rfc4226::vectors[0].hmac_sha1_hex);
};

result<std::uint64_t, verify_failure> verify_same_code(std::int64_t now, std::optional<std::uint64_t> last_used) {
  return totp_verify(same_code_every_step, key, defaults, rfc4226::vectors[0].code, at(now), last_used);
}

TEST(totp_verify, prefers_the_current_step_then_the_previous_then_the_next) {
  EXPECT_EQ(*verify_same_code(155, std::nullopt), 5U);
  EXPECT_EQ(*verify_same_code(155, 3), 5U);
  EXPECT_EQ(*verify_same_code(155, 5), 6U);
  EXPECT_EQ(verify_same_code(155, 6).error(), verify_failure::replayed);
}

TEST(totp_verify, computes_every_step_of_the_window_whatever_matched) {
  std::vector<std::uint64_t> steps;
  const hmac_function recorder = [&](hmac_algorithm algorithm, std::span<const std::uint8_t> secret,
                                     std::span<const std::uint8_t> message) {
    std::uint64_t step = 0;
    for (const auto byte : message) step = step << 8U | byte;
    steps.push_back(step);
    return rfc4226::table_hmac()(algorithm, secret, message);
  };
  EXPECT_EQ(*totp_verify(recorder, key, defaults, code_of_step(3), at(95), std::nullopt), 3U);
  EXPECT_EQ(steps, (std::vector<std::uint64_t>{3, 2, 4}));
  steps.clear();
  EXPECT_EQ(*totp_verify(recorder, key, defaults, code_of_step(0), at(0), std::nullopt), 0U);
  EXPECT_EQ(steps, (std::vector<std::uint64_t>{0, 1}));
}

TEST(totp_verify, reports_bad_parameters_apart_from_wrong_codes) {
  EXPECT_EQ(verify(code_of_step(3), 95, std::nullopt, {.digits = 5}).error(), verify_failure::invalid_parameters);
  EXPECT_EQ(verify(code_of_step(3), 95, std::nullopt, {.period = seconds{0}}).error(),
            verify_failure::invalid_parameters);
  EXPECT_EQ(verify(code_of_step(3), -1).error(), verify_failure::invalid_parameters);
  // The table knows only SHA-1: a SHA-256 key gets digests of the wrong size.
  EXPECT_EQ(verify(code_of_step(3), 95, std::nullopt, {.algorithm = hmac_algorithm::sha256}).error(),
            verify_failure::invalid_parameters);
}

TEST(totp_verify, failures_have_stable_names) {
  EXPECT_EQ(error_code(verify_failure::wrong_code), "wrong_code");
  EXPECT_EQ(error_code(verify_failure::replayed), "replayed");
  EXPECT_EQ(error_code(verify_failure::invalid_parameters), "invalid_parameters");
}

}  // namespace
}  // namespace twofold::otp
