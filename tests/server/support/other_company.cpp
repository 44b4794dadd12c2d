#include "support/other_company.hpp"

#include <string>

namespace twofold::server::testing {

namespace {

// Test data only: the names are constants of this file, never input.
std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

row_id add_globex(database_probe& probe) {
  probe.execute("INSERT INTO companies (name, key, default_language, created_at) VALUES (" + quoted(globex) + ", " +
                quoted("globex") + ", 'en', 0)");
  const auto company_id = probe.integer("SELECT id FROM companies WHERE key = 'globex'");
  for (const test_account& account : {gina, hank}) {
    probe.execute(
        "INSERT INTO users (company_id, username, email, display_name, role, password_hash, created_at)"
        " SELECT " + std::to_string(company_id) + ", " + quoted(account.username) + ", " + quoted(account.email) + ", " +
        quoted(account.display_name) + ", " + quoted(account.role) + ", password_hash, 0 FROM users WHERE username = " +
        quoted(alice.username));
  }
  return company_id;
}

row_id user_id_of(database_probe& probe, std::string_view company, std::string_view username) {
  return probe.integer("SELECT u.id FROM users u JOIN companies c ON c.id = u.company_id WHERE c.name = " +
                       quoted(company) + " AND u.username = " + quoted(username));
}

}  // namespace twofold::server::testing
