#pragma once
// The API answers scripts, never a person: a browser that navigates to an
// /api/ address (a form posted before the page's scripts had loaded, a typed
// address) gets a short page in its language with a way back, instead of
// JSON. Nothing is done for such a request.
#include "app/http_types.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

// Whether the browser is loading a page (Sec-Fetch-Mode: navigate; without
// Fetch Metadata, Accept: text/html without the API's own header).
[[nodiscard]] bool is_navigation(const http_request& request);

// 400 with a small HTML page: the page was not ready, go back and try again.
[[nodiscard]] http_response navigation_answer(i18n::language language);

}  // namespace twofold::server
