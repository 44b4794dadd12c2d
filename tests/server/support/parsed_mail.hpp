#pragma once
// Reads a mail file back with Python's email package (parse_mail.py), a
// parser independent of the code under test, so the tests check what a real
// mail client would understand rather than what our encoder intended.
#include <filesystem>

#include <nlohmann/json.hpp>

namespace twofold::server::testing {

// {"from","to","subject","date" (Unix seconds),"message_id","mime_version",
//  "content_type","parts":[{"content_type","charset","transfer_encoding","content"}],
//  "defects":[...]}, all header values decoded. Throws when parsing fails.
[[nodiscard]] nlohmann::json parse_mail_file(const std::filesystem::path& file);

// As parse_mail_file, for a message held in memory.
[[nodiscard]] nlohmann::json parse_mail_text(std::string_view text);

// Every byte of `file`.
[[nodiscard]] std::string file_text(const std::filesystem::path& file);

}  // namespace twofold::server::testing
