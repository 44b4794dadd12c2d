#include "two_factor/openssl_hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace twofold::server {

namespace {

const char* digest_name(otp::hmac_algorithm algorithm) {
  switch (algorithm) {
    case otp::hmac_algorithm::sha1: return "SHA1";
    case otp::hmac_algorithm::sha256: return "SHA256";
    case otp::hmac_algorithm::sha512: return "SHA512";
  }
  throw std::logic_error("unknown HMAC algorithm");
}

struct mac_context_free {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using mac_context = std::unique_ptr<EVP_MAC_CTX, mac_context_free>;

// An HMAC context with its digest chosen and no key, made once: OpenSSL's
// one-shot HMAC() looks the MAC and the digest up by name on every call,
// a third of a code check's HMAC time. Each call copies it and sets the key.
mac_context prototype_for(otp::hmac_algorithm algorithm) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  mac_context context(mac ? EVP_MAC_CTX_new(mac) : nullptr);
  EVP_MAC_free(mac);  // the context keeps its own reference
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest_name(algorithm)), 0),
      OSSL_PARAM_construct_end()};
  if (!context || EVP_MAC_CTX_set_params(context.get(), params) != 1) throw std::runtime_error("OpenSSL HMAC unavailable");
  return context;
}

const EVP_MAC_CTX& prototype(otp::hmac_algorithm algorithm) {
  static const mac_context sha1 = prototype_for(otp::hmac_algorithm::sha1);
  static const mac_context sha256 = prototype_for(otp::hmac_algorithm::sha256);
  static const mac_context sha512 = prototype_for(otp::hmac_algorithm::sha512);
  switch (algorithm) {
    case otp::hmac_algorithm::sha1: return *sha1;
    case otp::hmac_algorithm::sha256: return *sha256;
    case otp::hmac_algorithm::sha512: return *sha512;
  }
  throw std::logic_error("unknown HMAC algorithm");
}

std::vector<std::uint8_t> hmac(otp::hmac_algorithm algorithm, std::span<const std::uint8_t> key,
                               std::span<const std::uint8_t> message) {
  const mac_context context(EVP_MAC_CTX_dup(&prototype(algorithm)));
  // A null key tells EVP_MAC_init to keep the key set before, and the
  // prototype has none: an empty key must still be a key.
  static constexpr std::uint8_t no_bytes = 0;
  const std::uint8_t* key_bytes = key.empty() ? &no_bytes : key.data();
  std::vector<std::uint8_t> digest(EVP_MAX_MD_SIZE);
  std::size_t size = 0;
  if (!context || EVP_MAC_init(context.get(), key_bytes, key.size(), nullptr) != 1 ||
      EVP_MAC_update(context.get(), message.data(), message.size()) != 1 ||
      EVP_MAC_final(context.get(), digest.data(), &size, digest.size()) != 1) {
    throw std::runtime_error("OpenSSL HMAC failed");
  }
  digest.resize(size);
  return digest;
}

}  // namespace

otp::hmac_function openssl_hmac() { return hmac; }

}  // namespace twofold::server
