#pragma once
// The HMAC the core's HOTP/TOTP arithmetic asks for (twofold/otp/hotp.hpp),
// computed by OpenSSL.
#include "twofold/otp/hotp.hpp"

namespace twofold::server {

[[nodiscard]] otp::hmac_function openssl_hmac();

}  // namespace twofold::server
