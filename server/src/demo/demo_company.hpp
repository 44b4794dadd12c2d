#pragma once
// A demo company so a fresh install can be tried at once: on the first start
// with an empty database, company "Demo" (English) with an administrator
// `admin` and an agent `agent`, each with a new random password. The
// passwords exist in clear only in the announcement printed at that moment;
// the database keeps their hashes. A later start finds a company and does
// nothing, so nothing is ever printed twice.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "twofold/time.hpp"

namespace twofold::server {

class storage;
class password_hasher;
class password_blocklist;
class logger;

struct demo_account {
  std::string role;     // "admin" | "agent"
  std::string account;  // username
  std::string email;
  std::string display_name;
  std::string password;  // in clear: print once, never store
};

struct demo_company {
  std::string name;
  std::vector<demo_account> accounts;
};

// The company created, or empty when the database already held one. Its
// passwords pass the rule for new passwords (auth/new_password_check.hpp).
[[nodiscard]] std::optional<demo_company> seed_demo_company(storage& store, const password_hasher& hasher,
                                                            const password_blocklist& blocklist, timestamp now);

// One log line {"event":"demo.created","company":"Demo","accounts":[{"role",
// "account","email"},...]} for tools, and a readable block for people: the
// only place the passwords appear.
void announce(const demo_company& demo, logger& log, std::ostream& people);

}  // namespace twofold::server
