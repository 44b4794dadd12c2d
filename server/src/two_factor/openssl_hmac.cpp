#include "two_factor/openssl_hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace twofold::server {

namespace {

const EVP_MD* digest_of(otp::hmac_algorithm algorithm) {
  switch (algorithm) {
    case otp::hmac_algorithm::sha1: return EVP_sha1();
    case otp::hmac_algorithm::sha256: return EVP_sha256();
    case otp::hmac_algorithm::sha512: return EVP_sha512();
  }
  throw std::logic_error("unknown HMAC algorithm");
}

std::vector<std::uint8_t> hmac(otp::hmac_algorithm algorithm, std::span<const std::uint8_t> key,
                               std::span<const std::uint8_t> message) {
  std::vector<std::uint8_t> digest(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (HMAC(digest_of(algorithm), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           digest.data(), &size) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC failed");
  }
  digest.resize(size);
  return digest;
}

}  // namespace

otp::hmac_function openssl_hmac() { return hmac; }

}  // namespace twofold::server
