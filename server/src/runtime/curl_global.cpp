#include "runtime/curl_global.hpp"

#include <curl/curl.h>

namespace twofold::server {

void initialise_curl_once() {
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  static_cast<void>(initialised);
}

}  // namespace twofold::server
