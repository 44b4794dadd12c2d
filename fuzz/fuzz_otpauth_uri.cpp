// otpauth URIs (otp/otpauth_uri.hpp). A parsed key satisfies the rules the
// header states; a key that builds back into a URI parses to the same key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "twofold/otp/otpauth_uri.hpp"

using twofold::fuzz::require;
namespace otp = twofold::otp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view uri(reinterpret_cast<const char*>(data), size);
  const auto parsed = otp::parse_otpauth_uri(uri);
  if (!parsed.has_value()) {
    require(!otp::error_code(parsed.error()).empty(), "every refusal has a name");
    return 0;
  }
  const auto& key = parsed.value();
  require(!key.account.empty(), "the account is required");
  require(key.secret.size() >= otp::min_secret_bytes, "the secret is at least 128 bits");
  require(key.digits >= otp::min_digits && key.digits <= otp::max_digits, "digits in range");
  require(key.period.count() >= 1 && key.period <= otp::max_period, "period in range");

  const auto built = otp::build_otpauth_uri(key);
  if (!built.has_value()) {
    require(key.issuer.empty(), "only a key without an issuer cannot be built back");
    return 0;
  }
  const auto reparsed = otp::parse_otpauth_uri(built.value());
  require(reparsed.has_value() && reparsed.value() == key, "parse(build(key)) == key");
  return 0;
}
