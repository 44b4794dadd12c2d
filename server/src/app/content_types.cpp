#include "app/content_types.hpp"

#include <array>
#include <utility>

namespace twofold::server {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 13> types{{
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},  // RFC 9239
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".wasm", "application/wasm"},  // required for WebAssembly.instantiateStreaming
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".webmanifest", "application/manifest+json"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
}};

}  // namespace

std::optional<std::string_view> content_type_for(std::string_view file_name) {
  for (const auto& [extension, type] : types) {
    if (file_name.ends_with(extension)) return type;
  }
  return std::nullopt;
}

}  // namespace twofold::server
