#include "demo/demo_company.hpp"

#include <ostream>

#include "auth/password_hasher.hpp"
#include "demo/demo_password.hpp"
#include "runtime/logger.hpp"
#include "storage/storage.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

demo_company new_demo_company() {
  return demo_company{
      .name = "Demo",
      .accounts = {{.role = "admin",
                    .account = "admin",
                    .email = "admin@demo.example",
                    .display_name = "Demo Admin",
                    .password = new_demo_password()},
                   {.role = "agent",
                    .account = "agent",
                    .email = "agent@demo.example",
                    .display_name = "Demo Agent",
                    .password = new_demo_password()}},
  };
}

}  // namespace

std::optional<demo_company> seed_demo_company(storage& store, const password_hasher& hasher, timestamp now) {
  // Hashing costs tens of milliseconds per password: skip it on every restart.
  // create_first_company still checks inside its transaction.
  if (store.has_companies()) return std::nullopt;
  demo_company demo = new_demo_company();
  const company_record company{
      .id = 0, .name = demo.name, .key = normalize_company_key(demo.name), .default_language = "en", .created_at = now,
      .lock_minutes = std::nullopt, .trusted_browser_days = std::nullopt, .require_two_factor = false};
  std::vector<user_record> users;
  for (const auto& account : demo.accounts) {
    users.push_back(user_record{.id = 0,
                                .company_id = 0,
                                .username = account.account,
                                .email = account.email,
                                .display_name = account.display_name,
                                .role = account.role,
                                .language = std::nullopt,
                                .password_hash = hasher.hash(account.password),
                                .created_at = now,
                                .disabled = false,
                                .code_failures = 0,
                                .locked_at = std::nullopt,
                                .locked_until = std::nullopt});
  }
  if (!store.create_first_company(company, users)) return std::nullopt;
  return demo;
}

void announce(const demo_company& demo, logger& log, std::ostream& people) {
  auto accounts = nlohmann::json::array();
  for (const auto& account : demo.accounts) {
    accounts.push_back({{"role", account.role},
                        {"account", account.account},
                        {"email", account.email}});
  }
  // Logs are collected, shipped and kept: the passwords go to the person only.
  log.info("demo.created", {{"company", demo.name}, {"accounts", accounts}});

  people << "\n  Demo company created. These passwords are shown only now:\n\n"
         << "    Company: " << demo.name << '\n';
  for (const auto& account : demo.accounts) {
    people << "    " << account.role << ": account " << account.account << " (" << account.email << "), password "
           << account.password << '\n';
  }
  people << "\n  Sign in and keep them somewhere safe.\n\n" << std::flush;
}

}  // namespace twofold::server
