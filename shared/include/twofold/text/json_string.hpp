#pragma once
// A JSON string (RFC 8259 §7) appended to a line being built, for the log
// lines formatted without a JSON tree (http/request_log.hpp). Bytes that
// are not well-formed UTF-8 become U+FFFD, as nlohmann's "replace" does for
// the other lines, so a client's bytes never break a line.
#include <string>
#include <string_view>

namespace twofold::server {

// Appends `text` quoted and escaped.
void append_json_string(std::string& line, std::string_view text);

}  // namespace twofold::server
