#pragma once
// The time zone a person reads times in on the pages (Profile > Security's
// audit log, sessions, devices): an IANA name, or none to follow the browser.
#include <optional>
#include <string>

#include "account/user.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

class storage;

// Empty when stored; the field error when the name is not shaped like a zone.
[[nodiscard]] std::optional<field_error> change_time_zone(storage& store, const user& account,
                                                          const std::optional<std::string>& time_zone);

}  // namespace twofold::server
