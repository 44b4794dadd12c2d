#include "demo/demo_company.hpp"

#include <ostream>

#include "account/new_user_record.hpp"
#include "auth/new_password_check.hpp"
#include "auth/password_hasher.hpp"
#include "auth/generated_password.hpp"
#include "runtime/logger.hpp"
#include "storage/storage.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

// A generated password obeys the rule for new passwords like a typed one: a
// draw that holds an account's words or a listed password is drawn again
// (a rare event: 80 random bits seldom spell a word).
void give_passwords(demo_company& demo, const password_blocklist& blocklist) {
  for (auto& account : demo.accounts) {
    const password_context context{.username = account.account, .email = account.email, .company_name = demo.name};
    do {
      account.password = new_generated_password();
    } while (!check_new_password(account.password, "password", context, blocklist).empty());
  }
}

demo_company new_demo_company(const password_blocklist& blocklist) {
  demo_company demo{
      .name = "Demo",
      .accounts = {{.role = "admin",
                    .account = "admin",
                    .email = "admin@demo.example",
                    .display_name = "Demo Admin",
                    .password = {}},
                   {.role = "agent",
                    .account = "agent",
                    .email = "agent@demo.example",
                    .display_name = "Demo Agent",
                    .password = {}}},
  };
  give_passwords(demo, blocklist);
  return demo;
}

}  // namespace

std::optional<demo_company> seed_demo_company(storage& store, const password_hasher& hasher,
                                              const password_blocklist& blocklist, timestamp now) {
  // Hashing costs tens of milliseconds per password: skip it on every restart.
  // create_first_company still checks inside its transaction.
  if (store.has_companies()) return std::nullopt;
  demo_company demo = new_demo_company(blocklist);
  const company_record company{
      .id = 0, .name = demo.name, .key = normalize_company_key(demo.name), .default_language = "en", .created_at = now,
      .lock_minutes = std::nullopt, .trusted_browser_days = std::nullopt, .require_two_factor = false};
  std::vector<user_record> users;
  for (const auto& account : demo.accounts) {
    users.push_back(new_user_record(0,
                                    {.username = account.account,
                                     .email = account.email,
                                     .display_name = account.display_name,
                                     .role = account.role,
                                     .language = std::nullopt,
                                     .password_hash = hasher.hash(account.password)},
                                    now));
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
