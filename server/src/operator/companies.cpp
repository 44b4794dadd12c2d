#include "operator/companies.hpp"

#include "account/audit.hpp"
#include "account/new_user_record.hpp"
#include "auth/password_delivery.hpp"
#include "operator/operator_actor.hpp"
#include "storage/storage.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/validation/account_form.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

// "--admin-email: invalid_email"; field names are the account form's.
std::string problems_of(const field_errors& errors, std::string_view prefix) {
  std::string text;
  for (const auto& error : errors) {
    if (!text.empty()) text += "; ";
    text += "--" + std::string(prefix) + error.field + ": " + error.code;
  }
  return text;
}

// The company name's rule is the sign-in page's (twofold/validation/sign_in_form.hpp).
operator_result<std::string> valid_company_name(std::string_view name) {
  const auto checked = validate_sign_in({.company = std::string(name), .account = "operator", .password = "-"});
  for (const auto& error : checked.errors) {
    if (error.field == "company") return usage_error("--name: " + error.code);
  }
  return checked.normalized.company;
}

operator_result<account_form> valid_admin(const new_company_form& form) {
  auto checked = validate_account({.display_name = form.admin_display_name.empty() ? form.admin_username
                                                                                    : form.admin_display_name,
                                   .username = form.admin_username,
                                   .email = form.admin_email,
                                   .role = "admin",
                                   .language = ""});
  if (!checked.ok()) {
    field_errors named;
    for (auto error : checked.errors) {
      error.field = error.field == "display_name" ? "name" : error.field;  // --admin-name
      named.push_back(std::move(error));
    }
    return usage_error(problems_of(named, "admin-"));
  }
  return checked.normalized;
}

operator_result<std::string> valid_language(std::string_view tag) {
  const auto language = i18n::parse_language(tag);
  if (!language) {
    std::string known;
    for (const auto& info : i18n::supported_languages()) known += (known.empty() ? "" : ", ") + std::string(info.tag);
    return usage_error("--language must be one of " + known + ", not \"" + std::string(tag) + "\"");
  }
  return std::string(i18n::language_tag(*language));
}

}  // namespace

operator_result<company_added> add_company(storage& store, const password_hasher& hasher, const public_links& links,
                                           const handout_settings& handout, const new_company_form& form,
                                           timestamp now) {
  const auto name = valid_company_name(form.name);
  if (!name) return failure{name.error()};
  const auto language = valid_language(form.language);
  if (!language) return failure{language.error()};
  const auto admin = valid_admin(form);
  if (!admin) return failure{admin.error()};

  company_record company;
  company.name = *name;
  company.key = normalize_company_key(*name);
  company.default_language = *language;
  company.created_at = now;
  const password_choice password = choose_password(handout);
  user_record record = new_user_record(0,
                                       {.username = admin->username,
                                        .email = admin->email,
                                        .display_name = admin->display_name,
                                        .role = "admin",
                                        .language = std::nullopt,
                                        .password_hash = password_hash_for(hasher, password),
                                        .must_change_password = password.temporary_password.has_value()},
                                       now);
  const client_info client = operator_client("company add");
  company_added added{.company = company, .admin = {}, .password = {}};
  const auto created = store.create_company(company, record, [&](const created_company& ids) {
    added.company.id = ids.company_id;
    record.id = ids.admin_id;
    record.company_id = ids.company_id;
    added.admin = to_user(added.company, record);
    change_set changes;
    added.password = password_handout{
        .link = deliver_password(changes, added.admin, password, operator_new_account_mails, links, client, now,
                                 handout.mail),
        .temporary_password = password.temporary_password,
        .mailed = handout.mail};
    auto detail = by_the_operator();
    detail["password"] = delivery_method(password);
    detail["role"] = "admin";
    changes.audit_events.push_back(
        audit_event(audit::company_created, client, now, ids.company_id, ids.admin_id, detail));
    return changes;
  });
  if (!created) return failed("a company named \"" + *name + "\" exists already (key \"" + company.key + "\")");
  return added;
}

operator_result<company_record> find_company_named(storage& store, std::string_view name) {
  auto company = store.find_company_by_key(normalize_company_key(name));
  if (!company) return failed("no company named \"" + std::string(name) + "\" (see: twofold-server company list)");
  return *company;
}

operator_result<company_state> set_company_disabled(storage& store, std::string_view name, bool disabled,
                                                    timestamp now) {
  auto company = find_company_named(store, name);
  if (!company) return failure{company.error()};
  if (company->disabled == disabled) return company_state{.company = *company, .changed = false};
  change_set changes;
  changes.people.companies_disabled.push_back({.company_id = company->id, .disabled = disabled});
  if (disabled) {
    // Sessions would be refused anyway (the company's people count as
    // disabled); ending them leaves nothing behind to wake up on enable.
    constexpr std::int64_t everyone = 1'000'000;
    for (const auto& row : store.list_users(company->id, "", 0, everyone).users) {
      changes.sessions.users_signed_out.push_back(row.user.id);
    }
  }
  const client_info client = operator_client(disabled ? "company disable" : "company enable");
  changes.audit_events.push_back(audit_event(disabled ? audit::company_disabled : audit::company_enabled, client, now,
                                             company->id, std::nullopt, by_the_operator()));
  store.apply(changes);
  company->disabled = disabled;
  return company_state{.company = *company, .changed = true};
}

}  // namespace twofold::server
