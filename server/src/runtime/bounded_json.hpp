#pragma once
// JSON from outside the server (request bodies, identity providers'
// answers, the --config file) parsed with a ceiling on what it may cost.
//
// A parsed value costs far more than its text: each array or object is a
// heap allocation behind a 16-byte value, so 1 MiB of '[' built ~76 MiB of
// nested arrays. Here a first pass over the text (nlohmann's SAX parser,
// which builds nothing) counts nesting and values and stops at the first
// one past the limits; only text within them is built. What is built is
// then at most a fixed multiple of the text's size (docs/PERFORMANCE.md gives
// the measured figure) and never more than max_values values.
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "twofold/result.hpp"

namespace twofold::server {

struct json_limits {
  // Arrays and objects inside one another; the deepest document the server
  // takes (an ID token's claims) nests 3.
  std::size_t max_depth = 32;
  // Values of every kind, arrays and objects included (an object's keys are
  // not counted apart from their values).
  std::size_t max_values = 10'000;
};

enum class json_refusal {
  malformed,    // not one JSON value (trailing text, bad syntax, invalid UTF-8)
  too_complex,  // nested deeper or holding more values than the limits
};

[[nodiscard]] result<nlohmann::json, json_refusal> parse_bounded_json(std::string_view text,
                                                                      const json_limits& limits = {});

}  // namespace twofold::server
