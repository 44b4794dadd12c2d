#pragma once
// Certificates for the TLS tests, made at run time with the openssl command
// and never kept: a certificate authority of the test's own and server
// certificates it signs. EC P-256 keys, valid for one day from now.
#include <filesystem>
#include <string>

namespace twofold::server::testing {

struct server_certificate {
  std::filesystem::path certificate;  // PEM
  std::filesystem::path key;          // PEM, unencrypted
};

class throwaway_ca {
 public:
  // Writes folder/ca.pem and folder/ca.key; throws when openssl fails.
  explicit throwaway_ca(std::filesystem::path folder);

  // The CA's certificate: what a client is told to trust.
  [[nodiscard]] const std::filesystem::path& certificate() const { return certificate_; }

  // A server certificate signed by this CA, as folder/<name>.pem and .key.
  // `subject_alt_names` in openssl's syntax: the names a client accepts.
  [[nodiscard]] server_certificate issue(const std::string& name,
                                         const std::string& subject_alt_names = "IP:127.0.0.1,DNS:localhost") const;

 private:
  std::filesystem::path folder_;
  std::filesystem::path certificate_;
  std::filesystem::path key_;
};

}  // namespace twofold::server::testing
