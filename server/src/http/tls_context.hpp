#pragma once
// The server's TLS settings: TLS 1.2 or newer only (RFC 8996 retires 1.0 and
// 1.1), OpenSSL's default cipher suites, certificate chain and private key
// from PEM files.
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "twofold/result.hpp"

namespace twofold::server {

// A missing or unreadable file, or a key that does not match the
// certificate, is a message for the operator.
[[nodiscard]] result<std::unique_ptr<boost::asio::ssl::context>, std::string> make_tls_context(
    const std::string& certificate_chain_file, const std::string& private_key_file);

}  // namespace twofold::server
