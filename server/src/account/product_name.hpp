#pragma once
// The product's name where it must not change with the language: the
// {product} of mails and the issuer authenticator apps show.
#include <string_view>

namespace twofold::server {

inline constexpr std::string_view product_name = "Twofold";

}  // namespace twofold::server
