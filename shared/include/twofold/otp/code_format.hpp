#pragma once
// The 6-digit code a person types at sign-in (from an authenticator app or
// an email), checked before any secret is looked at, in the browser and on
// the server alike.
//
// Normalisation: white space (Unicode White_Space) and dashes are dropped,
// full-width digits folded to ASCII, so "123 456", "123-456" and "１２３４５６"
// are all "123456". Rules, the first one failed is reported (one error):
// invalid_utf8, required (nothing left), not_digits (anything but 0-9 left),
// not_six_digits. Each error's message key is "validation.<code>".
#include <string>
#include <string_view>

#include "twofold/validation/field_error.hpp"

namespace twofold::otp {

inline constexpr std::size_t code_length = 6;

struct code_validation {
  field_errors errors;  // empty when the code is well-formed
  std::string code;     // the 6 ASCII digits; meaningful only when errors is empty

  [[nodiscard]] bool ok() const { return errors.empty(); }
};

// `field` names the form field in the error ("code" by default).
[[nodiscard]] code_validation normalize_code(std::string_view typed, std::string_view field = "code");

}  // namespace twofold::otp
