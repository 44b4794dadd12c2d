#pragma once
// TOTP, RFC 6238: HOTP (hotp.hpp) with the counter taken from the time.
//
//   step = floor((now - T0) / period)     T0 = the Unix epoch, period = 30 s
//
// Verification accepts the current step and one step either side (RFC 6238
// §5.2 and §6: network delay, the time it takes to type the code, clock
// drift), and never the same step twice: the caller stores the step a code
// matched and passes it back as `last_used_step`, so a code that was seen (or
// any code from an earlier step) is refused as a replay (RFC 6238 §5.2: "The
// verifier MUST NOT accept the second attempt of the OTP after the successful
// validation has been issued for the first OTP").
//
// Time is a parameter: the core reads no clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "twofold/otp/hotp.hpp"
#include "twofold/result.hpp"
#include "twofold/time.hpp"

namespace twofold::otp {

inline constexpr std::chrono::seconds default_period{30};  // RFC 6238 §5.2
inline constexpr int default_digits = 6;
// Steps accepted on either side of the current one (RFC 6238 §5.2).
inline constexpr std::uint64_t verify_window_steps = 1;

struct totp_parameters {
  hmac_algorithm algorithm = hmac_algorithm::sha1;
  int digits = default_digits;                 // [min_digits, max_digits]
  std::chrono::seconds period = default_period;  // > 0
  timestamp start{};                           // T0, the Unix epoch by default
};

// The time step `now` falls in: floor((now - start) / period).
[[nodiscard]] result<std::uint64_t, otp_error> totp_step(const totp_parameters& parameters, timestamp now);

// The code for the time step `now` falls in.
[[nodiscard]] result<std::string, otp_error> totp(const hmac_function& hmac, std::span<const std::uint8_t> key,
                                                  const totp_parameters& parameters, timestamp now);

enum class verify_failure {
  wrong_code,          // matches no step in the window
  replayed,            // matches only steps at or before last_used_step
  invalid_parameters,  // digits, period or time out of range, or a bad HMAC
};

[[nodiscard]] std::string_view error_code(verify_failure reason);

// Checks `code` (digits only, as code_format.hpp normalizes it) against the
// steps around `now`. Success is the matched step: store it as the new
// last_used_step. When a code matches several steps in the window, the
// current step is preferred, then the previous one, then the next one.
[[nodiscard]] result<std::uint64_t, verify_failure> totp_verify(const hmac_function& hmac,
                                                                std::span<const std::uint8_t> key,
                                                                const totp_parameters& parameters,
                                                                std::string_view code, timestamp now,
                                                                std::optional<std::uint64_t> last_used_step);

}  // namespace twofold::otp
