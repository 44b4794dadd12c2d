#include "account/user.hpp"

#include "storage/storage.hpp"

namespace twofold::server {

namespace {

user_role role_of(const std::string& name) {
  if (name == "admin") return user_role::admin;
  if (name == "agent") return user_role::agent;
  throw storage_failure("user with unknown role '" + name + "'");
}

// An unknown tag in the database (a language removed from the catalog, say)
// falls back rather than locking the person out.
i18n::language language_of(const company_record& company, const user_record& record) {
  if (record.language) {
    if (auto chosen = i18n::parse_language(*record.language)) return *chosen;
  }
  return i18n::parse_language(company.default_language).value_or(i18n::default_language);
}

}  // namespace

std::string_view role_name(user_role role) {
  switch (role) {
    case user_role::admin: return "admin";
    case user_role::agent: return "agent";
  }
  return "agent";
}

user to_user(const company_record& company, const user_record& record) {
  return user{
      .id = record.id,
      .company_id = company.id,
      .company_name = company.name,
      .username = record.username,
      .email = record.email,
      .display_name = record.display_name,
      .role = role_of(record.role),
      .language = language_of(company, record),
      // One rule for both: a disabled company's people are refused wherever
      // a disabled account is (sign-in answered as a wrong password, sessions).
      .disabled = record.disabled || company.disabled,
      .lockout = {.failures = record.code_failures, .locked_at = record.locked_at, .locked_until = record.locked_until},
      .company_lock = {.duration = company.lock_minutes ? std::optional(std::chrono::minutes{*company.lock_minutes})
                                                         : std::nullopt},
      .must_change_password = record.must_change_password,
      .company_two_factor = policy_of(company),
      .time_zone = record.time_zone,
  };
}

std::string email_hint(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return "***";
  return std::string(email.substr(0, 1)) + "***" + std::string(email.substr(at));
}

mail_recipient recipient_of(const user& account) {
  return mail_recipient{.email = account.email, .display_name = account.display_name, .language = account.language};
}

std::optional<user> load_user(storage& store, row_id user_id) {
  auto found = store.find_user_with_company(user_id);
  if (!found) return std::nullopt;
  return to_user(found->company, found->user);
}

std::vector<user> load_administrators(storage& store, row_id company_id) {
  const auto company = store.find_company(company_id);
  if (!company) return {};
  // A company's people fit one page of this size many times over.
  constexpr std::int64_t everyone = 100000;
  std::vector<user> administrators;
  for (const auto& row : store.list_users(company_id, "", 0, everyone).users) {
    if (row.user.role == "admin" && !row.user.disabled) administrators.push_back(to_user(*company, row.user));
  }
  return administrators;
}

}  // namespace twofold::server
