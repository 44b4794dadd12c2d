#pragma once
// Which content coding to send a file in, from the request's Accept-Encoding
// (RFC 9110 §12.5.3). The web app's largest files, the wasm core above all,
// are compressed at build time; the server only picks one of those copies.
#include <span>
#include <string_view>

namespace twofold::server {

enum class content_coding { identity, gzip, br };

// The coding's Content-Encoding token ("" for identity).
[[nodiscard]] std::string_view token_of(content_coding coding);

// The one of `available` the client weights highest (its own entry, else
// "*"), brotli before gzip on equal weights (smaller); identity when it
// accepts neither. Identity is always available. A missing header accepts only identity here:
// RFC 9110 allows any coding then, but a client that sent nothing may not
// decode one.
[[nodiscard]] content_coding choose_coding(std::string_view accept_encoding,
                                           std::span<const content_coding> available);

}  // namespace twofold::server
