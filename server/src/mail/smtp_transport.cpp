#include "mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "mail/mail_address.hpp"
#include "mail/mime_message.hpp"
#include "runtime/curl_global.hpp"

namespace twofold::server {

namespace {

struct upload {
  std::string_view remaining;
};

// CURLOPT_READFUNCTION: hands libcurl the next piece of the message.
std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user_data) {
  auto& source = *static_cast<upload*>(user_data);
  const std::size_t length = std::min(size * count, source.remaining.size());
  std::memcpy(buffer, source.remaining.data(), length);
  source.remaining.remove_prefix(length);
  return length;
}

struct curl_handle_deleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

struct curl_list_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

smtp_transport::smtp_transport(smtp_settings settings) : settings_(std::move(settings)) { initialise_curl_once(); }

delivery_result smtp_transport::deliver(const outgoing_mail& mail) {
  const std::unique_ptr<CURL, curl_handle_deleter> handle(curl_easy_init());
  if (!handle) return failure{std::string("libcurl could not create a handle")};
  CURL* curl = handle.get();

  const std::string text = mime_message(
      mail.message, {.from = settings_.from, .date = mail.created_at, .message_id = message_id_for(mail, settings_.from)});
  upload source{text};
  const std::string sender = "<" + bare_address(settings_.from) + ">";
  const std::unique_ptr<curl_slist, curl_list_deleter> recipients(
      curl_slist_append(nullptr, ("<" + bare_address(mail.message.to) + ">").c_str()));
  std::array<char, CURL_ERROR_SIZE> error_text{};

  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  if (settings_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
    // libcurl also reads its built-in CA folder (/etc/ssl/certs) unless told not to.
    curl_easy_setopt(curl, CURLOPT_CAPATH, static_cast<const char*>(nullptr));
  }
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &source);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // we run on a worker thread: no SIGALRM for timeouts
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text.data());

  const CURLcode outcome = curl_easy_perform(curl);
  if (outcome == CURLE_OK) return delivered{};
  const std::string detail = error_text[0] != '\0' ? error_text.data() : curl_easy_strerror(outcome);
  return failure{"smtp " + settings_.url + ": " + detail};
}

}  // namespace twofold::server
