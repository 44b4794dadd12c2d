#pragma once
// A second company beside Acme Corp, for tests of company isolation:
// "Globex" with an administrator `gina` and an agent `hank`, whose password
// is alice's (their rows copy her hash), written straight into the database.
#include <string_view>

#include "storage/records.hpp"
#include "support/database_probe.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {

inline constexpr std::string_view globex = "Globex";
inline constexpr test_account gina{"gina", "gina@globex.example", "Gina Globex", "admin", alice.password, std::nullopt, false};
inline constexpr test_account hank{"hank", "hank@globex.example", "Hank Globex", "agent", alice.password, std::nullopt, false};

// Needs Acme Corp seeded (for alice's hash). Returns Globex's company id.
row_id add_globex(database_probe& probe);

// The id of the user with this username in the company named `company`.
[[nodiscard]] row_id user_id_of(database_probe& probe, std::string_view company, std::string_view username);

}  // namespace twofold::server::testing
