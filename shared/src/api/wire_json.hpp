#pragma once
// How the core writes JSON: keys in the documented order, compact UTF-8 text,
// never an exception. Used by the HTTP wire types and the core's JSON door.
#include <nlohmann/json.hpp>

#include "twofold/validation/field_error.hpp"

namespace twofold::api {

// Objects keep their keys in insertion order, so answers read as documented
// and are byte-identical across builds.
using json = nlohmann::ordered_json;

// [{"field","code","message_key"}, ...]
[[nodiscard]] json to_json_value(const field_errors& errors);

// Compact UTF-8 text; invalid UTF-8 in a string becomes U+FFFD instead of throwing.
[[nodiscard]] std::string dump(const json& value);

}  // namespace twofold::api
