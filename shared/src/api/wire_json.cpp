#include "api/wire_json.hpp"

namespace twofold::api {

json to_json_value(const field_errors& errors) {
  json list = json::array();
  for (const auto& error : errors) {
    list.push_back({{"field", error.field}, {"code", error.code}, {"message_key", error.message_key}});
  }
  return list;
}

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace twofold::api
