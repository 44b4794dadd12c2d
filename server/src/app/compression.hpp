#pragma once
// gzip (RFC 1952) and brotli (RFC 7932) in memory, for the web app's files the
// server changes on reading (static_files.hpp); every other file's copies are
// made by the build at the strongest levels.
//
// The levels are chosen for start-up: these pages are compressed before the
// server listens, and restart-to-first-/healthz matters. Measured on the
// pages of www/ (about 100 KB expanded): see docs/PERFORMANCE.md.
#include <string>
#include <string_view>

namespace twofold::server {

inline constexpr int start_up_gzip_level = 6;       // zlib 1..9
inline constexpr int start_up_brotli_quality = 5;   // brotli 0..11

[[nodiscard]] std::string gzip_compressed(std::string_view data, int level = start_up_gzip_level);
[[nodiscard]] std::string brotli_compressed(std::string_view data, int quality = start_up_brotli_quality);

}  // namespace twofold::server
