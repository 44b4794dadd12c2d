#include "app/navigation_answer.hpp"

#include <string>

#include "twofold/text/html_text.hpp"

namespace twofold::server {

bool is_navigation(const http_request& request) {
  const auto mode = request.header("sec-fetch-mode");
  if (!mode.empty()) return mode == "navigate";
  return request.header("accept").find("text/html") != std::string::npos && request.header("x-requested-with").empty();
}

http_response navigation_answer(i18n::language language) {
  const auto text = [language](std::string_view key) { return text::html_escaped(i18n::translate(language, key)); };
  return http_response{
      .status = 400,
      .headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}},
      .body = "<!doctype html><html lang=\"" + std::string(i18n::language_tag(language)) +
              "\"><head><meta charset=\"utf-8\"><title>" + text("app.name") +
              "</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head><body><main><p>" +
              text("error.page_not_ready") + "</p><p><a href=\"/\">" + text("nav.back_to_sign_in") +
              "</a></p></main></body></html>\n"};
}

}  // namespace twofold::server
