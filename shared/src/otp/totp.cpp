#include "twofold/otp/totp.hpp"

#include <array>

namespace twofold::otp {
namespace {

result<std::string, otp_error> code_for_step(const hmac_function& hmac, std::span<const std::uint8_t> key,
                                             const totp_parameters& parameters, std::uint64_t step) {
  return hotp(hmac, parameters.algorithm, key, step, parameters.digits);
}

}  // namespace

result<std::uint64_t, otp_error> totp_step(const totp_parameters& parameters, timestamp now) {
  if (parameters.period.count() <= 0) return failure{otp_error::period_out_of_range};
  if (now < parameters.start) return failure{otp_error::time_before_start};
  const auto elapsed = now - parameters.start;
  return static_cast<std::uint64_t>(elapsed / parameters.period);
}

result<std::string, otp_error> totp(const hmac_function& hmac, std::span<const std::uint8_t> key,
                                    const totp_parameters& parameters, timestamp now) {
  const auto step = totp_step(parameters, now);
  if (!step) return failure{step.error()};
  return code_for_step(hmac, key, parameters, *step);
}

std::string_view error_code(verify_failure reason) {
  switch (reason) {
    case verify_failure::wrong_code: return "wrong_code";
    case verify_failure::replayed: return "replayed";
    case verify_failure::invalid_parameters: return "invalid_parameters";
  }
  return "unknown";
}

result<std::uint64_t, verify_failure> totp_verify(const hmac_function& hmac, std::span<const std::uint8_t> key,
                                                  const totp_parameters& parameters, std::string_view code,
                                                  timestamp now, std::optional<std::uint64_t> last_used_step) {
  const auto current = totp_step(parameters, now);
  if (!current) return failure{verify_failure::invalid_parameters};
  static_assert(verify_window_steps == 1, "the candidate list below spells out a window of one step");
  // In order of preference; at step 0 there is no previous step.
  std::array<std::optional<std::uint64_t>, 3> candidates{
      *current, *current > 0 ? std::optional{*current - 1} : std::nullopt, *current + 1};

  bool matched_a_used_step = false;
  std::optional<std::uint64_t> accepted;
  // Every candidate is computed and compared, whatever matched before, so the
  // time taken does not tell which step matched.
  for (const auto& step : candidates) {
    if (!step) continue;
    const auto expected = code_for_step(hmac, key, parameters, *step);
    if (!expected) return failure{verify_failure::invalid_parameters};
    if (!codes_equal(*expected, code)) continue;
    const bool used = last_used_step && *step <= *last_used_step;
    if (used) {
      matched_a_used_step = true;
    } else if (!accepted) {
      accepted = *step;
    }
  }
  if (accepted) return *accepted;
  return failure{matched_a_used_step ? verify_failure::replayed : verify_failure::wrong_code};
}

}  // namespace twofold::otp
