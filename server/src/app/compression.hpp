#pragma once
// gzip (RFC 1952) and brotli (RFC 7932) in memory, for the web app's files the
// server changes on reading (static_files.hpp); every other file's copies are
// made by the build at the strongest levels.
//
// The levels are chosen for start-up: these pages are compressed while the
// server starts (after it listens; the first requests for pages wait for
// them). On a 6 KB page,
// brotli 5 takes about 0.2 ms and comes within 1 % of brotli 9 (5 ms), 12 %
// of brotli 11 (15 ms); gzip 6 takes 0.1 ms and equals gzip 9.
#include <string>
#include <string_view>

namespace twofold::server {

inline constexpr int start_up_gzip_level = 6;       // zlib 1..9
inline constexpr int start_up_brotli_quality = 5;   // brotli 0..11

[[nodiscard]] std::string gzip_compressed(std::string_view data, int level = start_up_gzip_level);
[[nodiscard]] std::string brotli_compressed(std::string_view data, int quality = start_up_brotli_quality);

}  // namespace twofold::server
