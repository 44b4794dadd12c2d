#pragma once
// A person's number for SMS codes at rest: sealed with the server key like a
// TOTP secret (server_key.hpp), so a copy of the database alone lists no
// phone numbers. It is opened to send a code and to mask it for showing:
// answers, pages, mails and audit events only ever carry the mask
// (twofold/phone/phone_number.hpp's mask_phone).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/storage.hpp"
#include "two_factor/server_key.hpp"

namespace twofold::server {

// `e164` as twofold::phone::normalize_phone returns it.
[[nodiscard]] std::vector<std::uint8_t> seal_phone(const server_key& key, std::string_view e164);

// Empty when `sealed` is empty or was not sealed by this key.
[[nodiscard]] std::optional<std::string> open_phone(const server_key& key, std::span<const std::uint8_t> sealed);

// The number SMS codes of `user_id` go to, opened; empty without SMS codes on.
[[nodiscard]] std::optional<std::string> sms_number_of(storage& store, const server_key& key, row_id user_id);

}  // namespace twofold::server
