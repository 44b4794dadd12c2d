#pragma once
// A base32 secret as a person reads it off a screen to type it into an
// authenticator app that cannot scan the QR code: blocks of 4 symbols
// separated by one space ("JBSW Y3DP EHPK 3PXP"). base32_decode reads the
// grouped form back, since it ignores spaces.
#include <string>
#include <string_view>

namespace twofold::otp {

inline constexpr std::size_t secret_group_size = 4;

// `base32` without padding, as base32_encode writes it; the last block may
// be shorter than 4. An empty secret gives "".
[[nodiscard]] std::string group_secret_for_reading(std::string_view base32);

}  // namespace twofold::otp
