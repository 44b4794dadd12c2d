#pragma once
// A JSON string (RFC 8259 §7) appended to a text being built, for the hot
// answers and log lines written without a JSON tree (the signed-in user's
// view, the server's request log). Bytes that are not well-formed UTF-8
// become U+FFFD, as nlohmann's "replace" does elsewhere, so a client's bytes
// never break the text.
#include <string>
#include <string_view>

namespace twofold::text {

// Appends `text` quoted and escaped.
void append_json_string(std::string& out, std::string_view text);

}  // namespace twofold::text
