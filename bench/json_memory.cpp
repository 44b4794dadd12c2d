// What a JSON body costs in memory once parsed, as a multiple of its size:
// the peak resident set (VmHWM, /proc/self/status) before and after one
// parse, with nlohmann's parser as it is ("plain") and within the server's
// limits (runtime/bounded_json.hpp, "bounded"). The peak only grows, so each
// measurement is its own process:
//   twofold-bench-json-memory plain|bounded open_brackets|empty_arrays|zeros|members|string [BYTES]
// Results are in docs/PERFORMANCE.md; nothing here is asserted.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "runtime/bounded_json.hpp"

namespace {

long peak_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// About `bytes` of JSON of the given shape.
std::string body_of(std::string_view kind, std::size_t bytes) {
  std::string text;
  text.reserve(bytes + 16);
  if (kind == "open_brackets") return std::string(bytes, '[');
  if (kind == "string") return "{\"password\":\"" + std::string(bytes, 'x') + "\"}";
  text = kind == "members" ? "{" : "[";
  for (std::size_t i = 0; text.size() < bytes; ++i) {
    if (i > 0) text += ',';
    if (kind == "empty_arrays") text += "[]";
    if (kind == "zeros") text += "0";
    if (kind == "members") text += "\"" + std::to_string(i) + "\":{}";
  }
  return text + (kind == "members" ? "}" : "]");
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 3) {
    std::cerr << "usage: twofold-bench-json-memory plain|bounded open_brackets|empty_arrays|zeros|members|string [BYTES]\n";
    return 2;
  }
  const std::string_view mode = argv[1];
  const std::size_t bytes = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1024 * 1024;
  const std::string body = body_of(argv[2], bytes);
  const long before = peak_kib();
  std::string outcome;
  if (mode == "plain") {
    const auto parsed = nlohmann::json::parse(body, nullptr, false);
    outcome = parsed.is_discarded() ? "malformed" : "parsed";
  } else {
    const auto parsed = twofold::server::parse_bounded_json(body);
    outcome = parsed ? "parsed" : parsed.error() == twofold::server::json_refusal::too_complex ? "too_complex" : "malformed";
  }
  const long grown = peak_kib() - before;
  std::printf("%s %s bytes=%zu outcome=%s peak_growth_kib=%ld multiple=%.1f\n", argv[1], argv[2], body.size(),
              outcome.c_str(), grown, static_cast<double>(grown) * 1024.0 / static_cast<double>(body.size()));
  return 0;
}
