#include "two_factor/server_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace twofold::server {

namespace {

constexpr char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "twofold2";
constexpr std::uint64_t sealing_subkey = 1;
constexpr std::uint64_t hashing_subkey = 2;

static_assert(server_key::key_bytes == crypto_kdf_KEYBYTES);
static_assert(server_key::key_bytes == crypto_secretbox_KEYBYTES);

std::array<std::uint8_t, server_key::key_bytes> read_key(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.eof() && in.fail()) throw std::runtime_error("cannot read " + file.string());
  if (bytes.size() != server_key::key_bytes) {
    throw std::runtime_error(file.string() + " must hold exactly 32 bytes; it holds " + std::to_string(bytes.size()));
  }
  std::array<std::uint8_t, server_key::key_bytes> key{};
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}

// Written whole under a temporary name (mkostemp: mode 0600), then linked to
// its own name: link() never replaces a file, so two servers starting at
// once on one data folder agree on one key (the loser reads the winner's),
// and no server reads a key still being written.
void try_create_key(const std::filesystem::path& file) {
  std::string temporary = file.string() + ".XXXXXX";
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  std::array<std::uint8_t, server_key::key_bytes> key{};
  randombytes_buf(key.data(), key.size());
  const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(key.data(), key.size());
  const bool linked = written && (::link(temporary.c_str(), file.c_str()) == 0 || errno == EEXIST);
  std::filesystem::remove(temporary);
  if (!linked) throw std::runtime_error("cannot write " + file.string());
}

// A one-way function of the key: the database may hold it, and a key that
// hashes the label alike is the same key.
std::string fingerprint_of(const std::array<std::uint8_t, server_key::key_bytes>& master) {
  constexpr std::string_view label = "twofold server key fingerprint v1";
  std::array<std::uint8_t, crypto_generichash_BYTES> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                     master.data(), master.size());
  std::array<char, 2 * hash.size() + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  return std::string(hex.data());
}

}  // namespace

server_key server_key::load_or_create(const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  if (!std::filesystem::exists(file)) try_create_key(file);
  auto master = read_key(file);
  server_key key(master);
  sodium_memzero(master.data(), master.size());
  return key;
}

server_key::server_key(const std::array<std::uint8_t, key_bytes>& master) {
  crypto_kdf_derive_from_key(sealing_key_.data(), sealing_key_.size(), sealing_subkey, kdf_context, master.data());
  crypto_kdf_derive_from_key(hashing_key_.data(), hashing_key_.size(), hashing_subkey, kdf_context, master.data());
  fingerprint_ = fingerprint_of(master);
}

std::vector<std::uint8_t> server_key::seal(std::span<const std::uint8_t> plaintext) const {
  std::vector<std::uint8_t> sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  randombytes_buf(sealed.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES, plaintext.data(), plaintext.size(), sealed.data(),
                        sealing_key_.data());
  return sealed;
}

std::optional<std::vector<std::uint8_t>> server_key::open(std::span<const std::uint8_t> sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto box = sealed.subspan(crypto_secretbox_NONCEBYTES);
  std::vector<std::uint8_t> plaintext(box.size() - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(plaintext.data(), box.data(), box.size(), sealed.data(), sealing_key_.data()) != 0) {
    return std::nullopt;
  }
  return plaintext;
}

code_hash server_key::hash_code(code_purpose purpose, row_id user_id, std::string_view code) const {
  // purpose (1 byte) || user id (8 bytes, big-endian) || code: fixed-size
  // fields first, so no two inputs are ambiguous.
  crypto_generichash_state state;
  crypto_generichash_init(&state, hashing_key_.data(), hashing_key_.size(), code_hash{}.size());
  const auto purpose_byte = static_cast<std::uint8_t>(purpose);
  crypto_generichash_update(&state, &purpose_byte, 1);
  std::array<std::uint8_t, 8> id{};
  for (std::size_t i = 0; i < id.size(); ++i) {
    id[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(user_id) >> (8 * (id.size() - 1 - i)));
  }
  crypto_generichash_update(&state, id.data(), id.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(code.data()), code.size());
  code_hash hash{};
  crypto_generichash_final(&state, hash.data(), hash.size());
  return hash;
}

bool hashes_equal(const code_hash& a, const code_hash& b) { return sodium_memcmp(a.data(), b.data(), a.size()) == 0; }

}  // namespace twofold::server
