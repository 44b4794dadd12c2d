#include "mail/mail_address.hpp"

namespace twofold::server {

namespace {

std::string_view trimmed(std::string_view text) {
  constexpr std::string_view blanks = " \t";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace

std::string bare_address(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
    return std::string(trimmed(mailbox.substr(open + 1, close - open - 1)));
  }
  return std::string(trimmed(mailbox));
}

std::string address_domain(std::string_view mailbox) {
  const std::string address = bare_address(mailbox);
  const auto at = address.rfind('@');
  if (at == std::string::npos || at + 1 == address.size()) return "localhost";
  return address.substr(at + 1);
}

}  // namespace twofold::server
