#pragma once
// The shared sign-in vectors (tests/vectors/sign_in_validation.json), compiled
// in at build time so the wasm tests read no files, decoded for C++ tests.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twofold/validation/sign_in_form.hpp"

namespace twofold::test {

struct sign_in_vector {
  std::string name;
  sign_in_form form;
  nlohmann::json expect;  // validate_sign_in's answer through call_core, texts decoded
};

// Every case in file order. A malformed file throws std::invalid_argument.
[[nodiscard]] std::vector<sign_in_vector> sign_in_vectors();

// A text as the vectors write it: a string, or an array of parts joined in
// order (a string, {"repeat": text, "times": n}, {"hex": "c3 28"}).
[[nodiscard]] std::string decode_text(const nlohmann::json& spec);

// A JSON string literal holding `bytes` as they are: only '"', '\' and
// control bytes are escaped, so invalid UTF-8 reaches the parser unchanged.
[[nodiscard]] std::string raw_json_string(const std::string& bytes);

// {"company":...,"account":...,"password":...} built with raw_json_string.
[[nodiscard]] std::string raw_sign_in_request(const sign_in_form& form);

}  // namespace twofold::test
