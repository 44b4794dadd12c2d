// An OpenID provider's discovery document (sso/openid_metadata.hpp), the
// first thing a provider's server sends us. An accepted document names an
// issuer and three endpoints the server may fetch.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "runtime/http_fetch.hpp"
#include "sso/openid_metadata.hpp"

using twofold::fuzz::require;
namespace server = twofold::server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto metadata = server::parse_metadata(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!metadata.has_value()) {
    require(metadata.error() == server::sso_failure::provider_garbage, "a bad document is provider_garbage");
    return 0;
  }
  require(!metadata->issuer.empty(), "an issuer");
  require(server::fetchable_url(metadata->authorization_endpoint) && server::fetchable_url(metadata->token_endpoint) &&
              server::fetchable_url(metadata->jwks_uri),
          "endpoints the server may fetch");
  return 0;
}
