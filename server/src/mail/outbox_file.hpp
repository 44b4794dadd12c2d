#pragma once
// A message of the file transports (mail's .eml, SMS's .txt) as a file in an
// outbox folder: named by when it was created and its outbox row, so the
// folder lists in time order and a retry of the same message overwrites its
// file; written aside, then renamed, so a file appears whole or not at all.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "mail/mail_transport.hpp"
#include "storage/records.hpp"

namespace twofold::server {

// <folder>/<created, e.g. 20260101T000000Z>-<id><extension>
[[nodiscard]] std::filesystem::path outbox_file(const std::filesystem::path& folder, timestamp created_at, row_id id,
                                                std::string_view extension);

// How long writing one file may take, for the outbox's lease (a disk that
// hangs longer delays nothing worse than a second write of the same file).
inline constexpr std::chrono::seconds longest_file_write{10};

// Creates the file's folder when missing.
[[nodiscard]] delivery_result write_outbox_file(const std::filesystem::path& file, std::string_view content);

}  // namespace twofold::server
