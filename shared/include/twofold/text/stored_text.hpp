#pragma once
// Text a client sends outside any form (the User-Agent header), kept in the
// audit trail and shown to administrators later: it must be well-formed
// UTF-8 (RFC 3629) whatever bytes arrived, and short.
#include <cstddef>
#include <string>
#include <string_view>

namespace twofold::text {

// `raw` with every byte that starts no well-formed UTF-8 sequence replaced by
// U+FFFD (one per byte), then cut to at most `max_bytes` at a character
// boundary.
[[nodiscard]] std::string stored_text(std::string_view raw, std::size_t max_bytes);

}  // namespace twofold::text
