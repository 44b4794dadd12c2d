#include "sign_in_vectors.hpp"

#include <cstdio>
#include <stdexcept>

#include "twofold/test_data.hpp"

namespace twofold::test {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw std::invalid_argument(std::string("not a hex digit: ") + c);
}

std::string decode_hex(const std::string& hex) {
  std::string digits;
  for (const char c : hex) {
    if (c != ' ') digits.push_back(c);
  }
  if (digits.size() % 2 != 0) throw std::invalid_argument("odd number of hex digits: " + hex);
  std::string bytes;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    bytes.push_back(static_cast<char>(hex_digit(digits[i]) * 16 + hex_digit(digits[i + 1])));
  }
  return bytes;
}

std::string decode_part(const nlohmann::json& part) {
  if (part.is_string()) return part.get<std::string>();
  if (part.contains("hex")) return decode_hex(part.at("hex").get<std::string>());
  std::string repeated;
  const auto text = part.at("repeat").get<std::string>();
  for (int i = 0; i < part.at("times").get<int>(); ++i) repeated += text;
  return repeated;
}

sign_in_form decode_form(const nlohmann::json& form) {
  return {decode_text(form.at("company")), decode_text(form.at("account")), decode_text(form.at("password"))};
}

}  // namespace

std::string decode_text(const nlohmann::json& spec) {
  if (spec.is_string()) return spec.get<std::string>();
  if (!spec.is_array()) throw std::invalid_argument("a text is a string or an array of parts: " + spec.dump());
  std::string text;
  for (const auto& part : spec) text += decode_part(part);
  return text;
}

std::vector<sign_in_vector> sign_in_vectors() {
  const auto file = nlohmann::json::parse(test_data::sign_in_vectors_json);
  std::vector<sign_in_vector> vectors;
  for (const auto& entry : file.at("cases")) {
    auto expect = entry.at("expect");
    if (auto& normalized = expect.at("normalized"); normalized.is_object()) {
      for (auto& [field, text] : normalized.items()) text = decode_text(text);
    }
    vectors.push_back({entry.at("name").get<std::string>(), decode_form(entry.at("form")), std::move(expect)});
  }
  return vectors;
}

std::string raw_json_string(const std::string& bytes) {
  std::string literal = "\"";
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      literal += '\\';
      literal += c;
    } else if (byte < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", byte);
      literal += escape;
    } else {
      literal += c;
    }
  }
  return literal + "\"";
}

std::string raw_sign_in_request(const sign_in_form& form) {
  return "{\"company\":" + raw_json_string(form.company) + ",\"account\":" + raw_json_string(form.account) +
         ",\"password\":" + raw_json_string(form.password) + "}";
}

}  // namespace twofold::test
