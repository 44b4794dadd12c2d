#pragma once
// The phone-number functions of the core's JSON door (core_json.hpp
// documents the request and answer shapes).
#include <string>
#include <string_view>

namespace twofold::api {

[[nodiscard]] std::string answer_normalize_phone(std::string_view request);
[[nodiscard]] std::string answer_mask_phone(std::string_view request);
[[nodiscard]] std::string answer_phone_countries(std::string_view request);

}  // namespace twofold::api
