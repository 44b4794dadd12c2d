#pragma once
// Percent-encoding, RFC 3986 §2.1 and §2.3.
#include <optional>
#include <string>
#include <string_view>

namespace twofold::otp {

// Every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX,
// upper-case hex (RFC 3986 §2.1 recommends it).
[[nodiscard]] std::string percent_encode(std::string_view bytes);

// %XX (either case) becomes the byte; nullopt when a '%' is not followed by
// two hex digits. '+' is a plus sign: form encoding is not URI encoding.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

// Whether every character may appear in a URI (RFC 3986 §2: unreserved,
// reserved or '%'); spaces, controls, non-ASCII bytes and "<>\"{}|\\^`" may not.
[[nodiscard]] bool is_uri_text(std::string_view text);

}  // namespace twofold::otp
