#include "support/test_accounts.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server::testing {

std::unique_ptr<sql_storage> open_storage(const std::filesystem::path& data_dir, timestamp now) {
  auto store = open_sqlite_storage(data_dir);
  store->migrate(now);
  return store;
}

void seed_acme(storage& store, const password_hasher& hasher, timestamp now) {
  const company_record company{.id = 0,
                               .name = std::string(acme),
                               .key = normalize_company_key(acme),
                               .default_language = "en",
                               .created_at = now,
                               .lock_minutes = std::nullopt,
                               .trusted_browser_days = std::nullopt,
                               .require_two_factor = false};
  std::vector<user_record> users;
  for (const test_account& account : {alice, bob, carol}) {
    users.push_back(user_record{
        .id = 0,
        .company_id = 0,
        .username = std::string(account.username),
        .email = std::string(account.email),
        .display_name = std::string(account.display_name),
        .role = std::string(account.role),
        .language = account.language ? std::optional<std::string>(*account.language) : std::nullopt,
        .password_hash = hasher.hash(account.password),
        .created_at = now,
        .disabled = account.disabled,
        .code_failures = 0,
        .locked_at = std::nullopt,
        .locked_until = std::nullopt,
    });
  }
  if (!store.create_first_company(company, users)) throw std::logic_error("the test database was not empty");
}

}  // namespace twofold::server::testing
