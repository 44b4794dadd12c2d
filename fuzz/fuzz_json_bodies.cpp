// Request bodies as the router takes them (app/router.cpp: parsed without
// exceptions, an object or nothing) through every reader of their members
// (app/request_bodies.hpp). Whatever the JSON, a reader answers a value,
// field errors or malformed_body; a value it accepts is in canonical form.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "app/request_bodies.hpp"
#include "fuzz_check.hpp"

namespace {

using twofold::fuzz::require;
namespace server = twofold::server;

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Crockford's base32: 0-9 A-Z without I, L, O, U (otp/backup_codes.hpp).
bool crockford_symbols(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c) != std::string_view::npos;
  });
}

void check_code(const server::typed_code& code) {
  require(code.digits.size() == 6 && all_digits(code.digits), "a typed code is six ASCII digits");
}

void check_answer(const server::second_factor_answer& answer) {
  if (const auto* code = std::get_if<server::typed_code>(&answer)) return check_code(*code);
  const auto& backup = std::get<server::typed_backup_code>(answer);
  require(backup.canonical.size() == 14 && crockford_symbols(backup.canonical),
          "a backup code is 14 upper-case Crockford symbols");
}

template <class Value, class Check>
void check_variant(const std::variant<Value, twofold::field_errors, server::malformed_body>& read, Check check) {
  if (const auto* value = std::get_if<Value>(&read)) return check(*value);
  if (const auto* errors = std::get_if<twofold::field_errors>(&read)) {
    require(!errors->empty(), "a refusal names at least one field error");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return 0;  // 400 malformed_json before any reader

  check_variant(server::second_factor_answer_of(body), check_answer);
  check_variant(server::code_of(body), check_code);
  check_variant(server::phone_number_of(body), [](const server::phone_number_typed& phone) {
    require(phone.e164.size() >= 2 && phone.e164.size() <= 16 && phone.e164[0] == '+' &&
                all_digits(std::string_view(phone.e164).substr(1)),
            "a phone number is E.164: '+' and at most 15 digits");
  });
  (void)server::remember_of(body);
  for (const auto* name : {"username", "password", "email", "new_password", "country"}) {
    const auto member = server::string_member_or_empty(body, name);
    const auto optional = server::optional_string_member(body, name);
    if (const auto* value = std::get_if<std::optional<std::string>>(&optional); value && *value) {
      require(**value == member, "both readers of a string member agree");
    }
  }
  return 0;
}
