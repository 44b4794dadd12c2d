#pragma once
// Media types of the files the server sends, by file name extension.
// Text types carry charset=utf-8 so browsers never guess (RFC 9110 §8.3).
#include <optional>
#include <string_view>

namespace twofold::server {

// Empty for an extension we do not serve: such files stay private.
[[nodiscard]] std::optional<std::string_view> content_type_for(std::string_view file_name);

}  // namespace twofold::server
