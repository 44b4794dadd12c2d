#include "runtime/http_fetch.hpp"

#include <curl/curl.h>

#include <memory>

#include "runtime/curl_global.hpp"

namespace twofold::server {

namespace {

struct curl_deleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct slist_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct download {
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
};

// CURLOPT_WRITEFUNCTION: keeps the answer, and stops it past the limit.
std::size_t keep(char* data, std::size_t size, std::size_t count, void* user_data) {
  auto& into = *static_cast<download*>(user_data);
  const std::size_t bytes = size * count;
  if (into.body.size() + bytes > into.limit) {
    into.too_large = true;
    return 0;  // libcurl fails the transfer
  }
  into.body.append(data, bytes);
  return bytes;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// The host of an http(s) URL: between "://" (after any userinfo) and the next '/', ':' (or ']').
std::string_view host_of(std::string_view url) {
  const auto start = url.find("://");
  if (start == std::string_view::npos) return {};
  auto rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with('[')) return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

fetch_result perform(CURL* curl, const std::string& url, const fetch_limits& limits) {
  if (!fetchable_url(url)) return fetch_failure::url_refused;
  download answer{.body = {}, .limit = limits.max_body_bytes, .too_large = false};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(limits.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_body_bytes));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  const CURLcode result = curl_easy_perform(curl);
  if (answer.too_large || result == CURLE_FILESIZE_EXCEEDED) return fetch_failure::too_large;
  if (result != CURLE_OK) return fetch_failure::unreachable;
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  return fetched{.status = status, .body = std::move(answer.body)};
}

std::unique_ptr<CURL, curl_deleter> new_handle() {
  initialise_curl_once();
  return std::unique_ptr<CURL, curl_deleter>(curl_easy_init());
}

}  // namespace

bool fetchable_url(std::string_view url) {
  if (url.starts_with("https://")) return !host_of(url).empty();
  if (!url.starts_with("http://")) return false;
  const auto host = host_of(url);
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

std::string form_encoded(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte)) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += hex[byte >> 4U];
      encoded += hex[byte & 0x0FU];
    }
  }
  return encoded;
}

fetch_result http_get(const std::string& url, const fetch_limits& limits) {
  const auto curl = new_handle();
  if (!curl) return fetch_failure::unreachable;
  const std::unique_ptr<curl_slist, slist_deleter> headers(curl_slist_append(nullptr, "Accept: application/json"));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  return perform(curl.get(), url, limits);
}

fetch_result http_post_form(const std::string& url, const form_post& form, const fetch_limits& limits) {
  const auto curl = new_handle();
  if (!curl) return fetch_failure::unreachable;
  std::string body;
  for (const auto& [name, value] : form.fields) {
    body += (body.empty() ? "" : "&") + form_encoded(name) + "=" + form_encoded(value);
  }
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  list = curl_slist_append(list, "Content-Type: application/x-www-form-urlencoded");
  const std::unique_ptr<curl_slist, slist_deleter> headers(list);
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  const std::string user = form_encoded(form.basic_user);
  const std::string password = form_encoded(form.basic_password);
  if (!form.basic_user.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, password.c_str());
  }
  return perform(curl.get(), url, limits);
}

fetch_result http_post(const std::string& url, const body_post& post, const fetch_limits& limits) {
  const auto curl = new_handle();
  if (!curl) return fetch_failure::unreachable;
  curl_slist* list = curl_slist_append(nullptr, ("Content-Type: " + post.content_type).c_str());
  for (const auto& header : post.headers) list = curl_slist_append(list, header.c_str());
  const std::unique_ptr<curl_slist, slist_deleter> headers(list);
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, post.body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  return perform(curl.get(), url, limits);
}

}  // namespace twofold::server
