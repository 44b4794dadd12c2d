#include "operator/people_commands.hpp"

#include "account/audit.hpp"
#include "admin/people.hpp"
#include "auth/password_change.hpp"
#include "auth/password_delivery.hpp"
#include "operator/companies.hpp"
#include "operator/operator_actor.hpp"
#include "storage/storage.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

struct person_found {
  company_record company;
  user_record person;
};

// The account is read as the sign-in page reads it (a username, or an email
// address when it has an '@'), in that company only.
operator_result<person_found> find_person(storage& store, std::string_view company_name, std::string_view account) {
  const auto company = find_company_named(store, company_name);
  if (!company) return failure{company.error()};
  const auto checked = validate_sign_in({.company = company->name, .account = std::string(account), .password = "-"});
  for (const auto& error : checked.errors) {
    if (error.field == "account") return usage_error("--user: " + error.code);
  }
  const auto& normalized = checked.normalized.account;
  auto person = checked.kind == account_kind::email ? store.find_user_by_email(company->id, normalized)
                                                    : store.find_user_by_username(company->id, normalized);
  if (!person) return failed("no user \"" + std::string(account) + "\" in " + company->name);
  return person_found{.company = *company, .person = *person};
}

}  // namespace

operator_result<std::vector<user_overview_record>> list_people(storage& store, std::string_view company) {
  const auto found = find_company_named(store, company);
  if (!found) return failure{found.error()};
  constexpr std::int64_t everyone = 1'000'000;
  return store.list_users(found->id, "", 0, everyone).users;
}

operator_result<person_unlocked> unlock_person(storage& store, std::string_view company, std::string_view account,
                                               timestamp now) {
  const auto found = find_person(store, company, account);
  if (!found) return failure{found.error()};
  store.apply(unlock_change(found->person, operator_client("user unlock"), now, by_the_operator()));
  return person_unlocked{.person = found->person, .was_locked = found->person.locked_at.has_value()};
}

operator_result<password_reset_by_operator> reset_person_password(storage& store, const password_hasher& hasher,
                                                                  const public_links& links,
                                                                  const handout_settings& handout,
                                                                  std::string_view company, std::string_view account,
                                                                  timestamp now) {
  const auto found = find_person(store, company, account);
  if (!found) return failure{found.error()};
  const user person = to_user(found->company, found->person);
  const password_choice password = choose_password(handout);
  const client_info client = operator_client("user reset-password");
  change_set changes =
      password_changed(person.id, password_hash_for(hasher, password), password.temporary_password.has_value());
  password_reset_by_operator reset{.person = person, .password = {}};
  reset.password = password_handout{
      .link = deliver_password(changes, person, password, operator_reset_mails, links, client, now, handout.mail),
      .temporary_password = password.temporary_password,
      .mailed = handout.mail};
  auto detail = by_the_operator();
  detail["password"] = delivery_method(password);
  changes.audit_events.push_back(
      audit_event(audit::password_reset_by_operator, client, now, person.company_id, person.id, detail));
  store.apply(changes);
  return reset;
}

}  // namespace twofold::server
