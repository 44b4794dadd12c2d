#pragma once
// A validation failure is a value: which field, a stable machine code, and the
// catalog key of the text a person reads. Never an exception.
#include <string>
#include <vector>

namespace twofold {

struct field_error {
  std::string field;        // form field name, e.g. "company"
  std::string code;         // stable code, e.g. "required", "too_long"
  std::string message_key;  // i18n catalog key, e.g. "validation.required"

  friend bool operator==(const field_error&, const field_error&) = default;
};

using field_errors = std::vector<field_error>;

}  // namespace twofold
