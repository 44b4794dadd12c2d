#pragma once
// A JSON-in/JSON-out door to the core, for the wasm bindings and for the
// native differential test tool. Both builds answer through this one function,
// so the browser and the server can be diffed byte for byte.
//
// Functions (name -> request -> response):
//   "validate_sign_in" {"company","account","password"}
//        -> {"ok":bool,"errors":[{"field","code","message_key"}],
//            "normalized":{"company","account","password"}|null,
//            "account_kind":"username"|"email"|null}
//   "catalog"          {"language":"zh-CN"}
//        -> {"language":"zh-CN","messages":{key:text,...}}
//   "languages"        {}
//        -> {"languages":[{"tag":"en","native_name":"English"},...],"default":"en"}
// A malformed request, unknown function or input over max_request_bytes yields
// {"error":{"code":"bad_request"|"unknown_function"|"too_large","message_key":"error.bad_request"}}.
#include <cstddef>
#include <string>
#include <string_view>

namespace twofold::api {

inline constexpr std::size_t max_request_bytes = 64 * 1024;

[[nodiscard]] std::string call_core(std::string_view function, std::string_view request_json);

}  // namespace twofold::api
