// The wasm module's one export: the core's JSON door (twofold/api/core_json.hpp).
// JavaScript calls it through ccall; www/js/core_api.js wraps it.
#include <string>

#include "twofold/api/core_json.hpp"

// Both arguments are NUL-terminated UTF-8 (null reads as ""). The answer stays
// valid until the next call: the module is single-threaded and JavaScript
// copies the answer out at once (ccall's 'string' return, UTF8ToString).
extern "C" const char* twofold_call(const char* function, const char* request_json);

const char* twofold_call(const char* function, const char* request_json) {
  static std::string answer;
  answer = twofold::api::call_core(function != nullptr ? function : "", request_json != nullptr ? request_json : "");
  return answer.c_str();
}
