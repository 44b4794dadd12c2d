#pragma once
// Every server on one database must hold the same server key: sealed TOTP
// keys and SMS numbers open, and sent, backup and admin codes hash alike,
// with that key only. A server started with another key would fail every
// code instead of failing to start, so the database keeps the fingerprint
// of the key it was first served with (server_key::fingerprint, never the
// key), and a server whose key does not match it refuses to start.
#include <filesystem>
#include <optional>
#include <string>

#include "storage/records.hpp"

namespace twofold::server {

class server_key;
class storage;

// Empty when `key` is the database's (its fingerprint recorded by the first
// start); otherwise what the operator is told: the key file (`key_file`)
// does not match, and what to do.
[[nodiscard]] std::optional<std::string> server_key_mismatch(storage& store, const server_key& key,
                                                             const std::filesystem::path& key_file, timestamp now);

}  // namespace twofold::server
