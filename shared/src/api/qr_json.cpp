#include "api/qr_json.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace twofold::api {
namespace {

constexpr std::array levels{qr::error_correction::low, qr::error_correction::medium,
                            qr::error_correction::quartile, qr::error_correction::high};

std::optional<qr::error_correction> parse_level(const json& value) {
  if (!value.is_string()) return std::nullopt;
  for (const auto level : levels) {
    if (value.get<std::string>() == std::string(1, qr::error_correction_letter(level))) return level;
  }
  return std::nullopt;
}

// An optional integer field: absent or null gives no value; an integer in
// [low, high] gives it; anything else makes the request invalid.
struct integer_field {
  bool valid = true;
  std::optional<int> value;
};

integer_field read_integer(const json& object, const char* key, int low, int high) {
  const auto field = object.find(key);
  if (field == object.end() || field->is_null()) return {};
  // An unsigned value past the signed range reads as negative, so out of range too.
  if (!field->is_number_integer()) return {false, std::nullopt};
  const auto value = field->get<long long>();
  if (value < low || value > high) return {false, std::nullopt};
  return {true, static_cast<int>(value)};
}

std::optional<bool> read_boolean(const json& object, const char* key) {
  const auto field = object.find(key);
  if (field == object.end()) return false;
  if (!field->is_boolean()) return std::nullopt;
  return field->get<bool>();
}

}  // namespace

std::optional<qr_encode_request> parse_qr_encode_request(std::string_view request) {
  const auto object = json::parse(request, nullptr, false);
  if (!object.is_object()) return std::nullopt;
  const auto text = object.find("text");
  const auto ecc = object.find("ecc");
  if (text == object.end() || !text->is_string() || ecc == object.end()) return std::nullopt;
  const auto level = parse_level(*ecc);
  const auto min_version = read_integer(object, "min_version", qr::min_version, qr::max_version);
  const auto max_version = read_integer(object, "max_version", qr::min_version, qr::max_version);
  const auto mask = read_integer(object, "mask", 0, 7);
  const auto boost = read_boolean(object, "boost_ecc");
  if (!level || !min_version.valid || !max_version.valid || !mask.valid || !boost) return std::nullopt;
  const qr::encode_options options{*level, min_version.value.value_or(qr::min_version),
                                   max_version.value.value_or(qr::max_version), mask.value, *boost};
  if (options.min_version > options.max_version) return std::nullopt;
  return qr_encode_request{text->get<std::string>(), options};
}

json to_json_value(const qr::qr_code& code) {
  json rows = json::array();
  for (int y = 0; y < code.size(); ++y) {
    std::string row(static_cast<std::size_t>(code.size()), '0');
    for (int x = 0; x < code.size(); ++x) {
      if (code.module(x, y)) row[static_cast<std::size_t>(x)] = '1';
    }
    rows.push_back(std::move(row));
  }
  return {{"version", code.version()},
          {"ecc", std::string(1, qr::error_correction_letter(code.level()))},
          {"mask", code.mask()},
          {"size", code.size()},
          {"modules", std::move(rows)}};
}

}  // namespace twofold::api
