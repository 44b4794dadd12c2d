#include "http/tls_context.hpp"

#include <openssl/ssl.h>

namespace twofold::server {

namespace ssl = boost::asio::ssl;

result<std::unique_ptr<ssl::context>, std::string> make_tls_context(const std::string& certificate_chain_file,
                                                                     const std::string& private_key_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  if (ec) return failure{"TLS setup failed: " + ec.message()};
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    return failure{std::string("TLS setup failed: cannot require TLS 1.2")};
  }
  context->use_certificate_chain_file(certificate_chain_file, ec);
  if (ec) return failure{"cannot use TLS certificate '" + certificate_chain_file + "': " + ec.message()};
  context->use_private_key_file(private_key_file, ssl::context::pem, ec);
  if (ec) return failure{"cannot use TLS private key '" + private_key_file + "': " + ec.message()};
  return context;
}

}  // namespace twofold::server
