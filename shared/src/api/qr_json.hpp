#pragma once
// The JSON shapes of the core's "qr_encode" function (see core_json.hpp):
// reading a request into encoder options, writing a symbol as rows of digits.
#include <optional>
#include <string>
#include <string_view>

#include "api/wire_json.hpp"
#include "twofold/qr/qr_code.hpp"

namespace twofold::api {

struct qr_encode_request {
  std::string text;
  qr::encode_options options;
};

// {"text": string, "ecc": "L"|"M"|"Q"|"H", "min_version"?: 1-40,
//  "max_version"?: 1-40, "mask"?: 0-7 | null, "boost_ecc"?: bool};
// nullopt when a field is missing, of the wrong type or out of range.
[[nodiscard]] std::optional<qr_encode_request> parse_qr_encode_request(std::string_view request);

// {"version","ecc","mask","size","modules":["0101...", ...]}: one string per
// row, top to bottom, '1' for a dark module.
[[nodiscard]] json to_json_value(const qr::qr_code& code);

}  // namespace twofold::api
