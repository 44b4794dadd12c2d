#pragma once
// libcurl's global set-up, for every part that makes requests (the SMTP
// transport, single sign-on): curl_global_init is not thread-safe, so it
// runs once, before the first handle, whichever thread gets here first.

namespace twofold::server {

void initialise_curl_once();

}  // namespace twofold::server
