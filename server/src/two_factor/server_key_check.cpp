#include "two_factor/server_key_check.hpp"

#include "storage/storage.hpp"
#include "two_factor/server_key.hpp"

namespace twofold::server {

std::optional<std::string> server_key_mismatch(storage& store, const server_key& key,
                                               const std::filesystem::path& key_file, timestamp now) {
  if (store.claim_server_key_fingerprint(key.fingerprint(), now) == key.fingerprint()) return std::nullopt;
  return "the server key " + key_file.string() +
         " is not the key this database was first served with, so its sealed secrets and codes cannot be read "
         "with it. Every server on one database needs the same key: copy server.key from a server that serves this "
         "database to " + key_file.string() + " (or point --server-key-file at that copy) and start again.";
}

}  // namespace twofold::server
