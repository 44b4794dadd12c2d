// Reads one JSON object per line and prints call_core's answer on one line.
//
//   {"function":"validate_sign_in","request":"{\"company\":\"Acme\"}"}
//
// "request" is the request text, passed on byte for byte (so both builds see
// identical bytes); any other JSON value is serialized first. "request_hex"
// gives the bytes in hex instead, for requests that are not valid UTF-8.
// A line that is none of these stops the tool with exit status 2.
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "twofold/api/core_json.hpp"

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit(hex[i]);
    const int low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

struct core_call {
  std::string function;
  std::string request;
};

std::optional<core_call> read_call(const std::string& line) {
  const auto parsed = nlohmann::json::parse(line, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("function") || !parsed["function"].is_string()) return std::nullopt;
  core_call call{parsed["function"].get<std::string>(), {}};
  if (const auto hex = parsed.find("request_hex"); hex != parsed.end()) {
    const auto bytes = hex->is_string() ? decode_hex(hex->get<std::string>()) : std::nullopt;
    if (!bytes) return std::nullopt;
    call.request = *bytes;
  } else if (const auto request = parsed.find("request"); request != parsed.end()) {
    call.request = request->is_string() ? request->get<std::string>() : request->dump();
  } else {
    return std::nullopt;
  }
  return call;
}

}  // namespace

int main() {
  std::string line;
  long line_number = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    const auto call = read_call(line);
    if (!call) {
      std::cerr << "twofold-core-cli: line " << line_number
                << ": expected {\"function\":string, \"request\":any | \"request_hex\":hex}\n";
      return 2;
    }
    std::cout << twofold::api::call_core(call->function, call->request) << '\n';
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}
