#include "admin/agent_changes.hpp"

#include <nlohmann/json.hpp>

#include "admin/people_mail.hpp"
#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/trusted_browsers.hpp"

namespace twofold::server {

namespace {

nlohmann::json language_json(const std::optional<std::string>& tag) { return tag ? nlohmann::json(*tag) : nlohmann::json(); }

std::optional<std::string> tag_of(const std::optional<i18n::language>& language) {
  return language ? std::optional<std::string>(i18n::language_tag(*language)) : std::nullopt;
}

// {"field": {"from": old, "to": new}} for each field that differs.
nlohmann::json profile_differences(const user_record& before, const user_profile_change& after) {
  nlohmann::json changes = nlohmann::json::object();
  const auto note = [&changes](std::string_view field, nlohmann::json from, nlohmann::json to) {
    if (from != to) changes[std::string(field)] = {{"from", std::move(from)}, {"to", std::move(to)}};
  };
  note("display_name", before.display_name, after.display_name);
  note("email", before.email, after.email);
  note("role", before.role, after.role);
  note("language", language_json(before.language), language_json(after.language));
  return changes;
}

// A new role is a new kind of account: its sessions (maybe opened through a
// trusted browser, which admins may not use) and trust end. A new email
// address gets the reset links and codes from now on: those sent to the old
// one end, and the old address is told.
void end_what_the_change_outdates(change_set& changes, const user_record& person, const user_profile_change& change) {
  const bool new_role = change.role != person.role;
  const bool new_email = change.email != person.email;
  if (new_role) changes.sessions.users_signed_out.push_back(person.id);
  if (new_email) {
    changes.passwords.tokens_ended_for.push_back(person.id);
    changes.sign_in_flows.ended_for_users.push_back(person.id);
  }
  if (new_role || new_email) changes.trust.end_all(person.id);
}

}  // namespace

agent_changes::agent_changes(storage& store, const clock& clk) : store_(store), clock_(clk) {}

std::optional<user_record> agent_changes::person_of(const user& admin, row_id person_id) {
  auto person = store_.find_user(person_id);
  if (!person || person->company_id != admin.company_id) return std::nullopt;
  return person;
}

agent_outcome agent_changes::commit(const user& admin, change_set& changes, row_id person_id) {
  changes.guards.emplace_back(active_admin{.user_id = admin.id, .company_id = admin.company_id});
  changes.guards.emplace_back(person_exists{.user_id = person_id, .company_id = admin.company_id});
  if (store_.apply(changes)) return agent_outcome::done;
  // A guard failed; say which, from what is there now.
  const auto acting = store_.find_user(admin.id);
  if (!acting || acting->disabled || acting->role != role_name(user_role::admin)) return agent_outcome::not_an_admin;
  if (!person_of(admin, person_id)) return agent_outcome::not_found;
  return agent_outcome::email_taken;
}

agent_change_result agent_changes::edit(const user& admin, row_id person_id, const agent_profile& profile,
                                        const client_info& client) {
  const auto person = person_of(admin, person_id);
  if (!person) return {.outcome = agent_outcome::not_found, .person = std::nullopt};
  const user_profile_change change{.user_id = person_id,
                                   .display_name = profile.display_name,
                                   .email = profile.email,
                                   .role = std::string(role_name(profile.role)),
                                   .language = tag_of(profile.language)};
  if (person_id == admin.id && change.role != person->role) return {.outcome = agent_outcome::self_protected, .person = std::nullopt};
  const auto differences = profile_differences(*person, change);
  if (differences.empty()) return {.outcome = agent_outcome::done, .person = person};
  if (change.email != person->email) {
    const auto owner = store_.find_user_by_email(admin.company_id, change.email);
    if (owner && owner->id != person_id) return {.outcome = agent_outcome::email_taken, .person = std::nullopt};
  }

  change_set changes;
  changes.guards.emplace_back(email_free{.company_id = admin.company_id, .email = change.email, .except_user_id = person_id});
  changes.people.profiles.push_back(change);
  end_what_the_change_outdates(changes, *person, change);
  if (change.email != person->email) {
    if (const auto before = load_user(store_, person_id)) {
      changes.mail.push_back(email_changed_mail(*before, change.email, clock_.now()));
    }
  }
  changes.audit_events.push_back(audit_event(audit::user_updated, client, clock_.now(), admin.company_id, person_id,
                                             {{"by_user_id", admin.id}, {"changes", differences}}));
  const auto outcome = commit(admin, changes, person_id);
  if (outcome != agent_outcome::done) return {.outcome = outcome, .person = std::nullopt};
  return {.outcome = outcome, .person = store_.find_user(person_id)};
}

agent_change_result agent_changes::set_disabled(const user& admin, row_id person_id, bool disabled,
                                                const client_info& client) {
  const auto person = person_of(admin, person_id);
  if (!person) return {.outcome = agent_outcome::not_found, .person = std::nullopt};
  if (person_id == admin.id && disabled) return {.outcome = agent_outcome::self_protected, .person = std::nullopt};
  if (person->disabled == disabled) return {.outcome = agent_outcome::done, .person = person};

  change_set changes;
  changes.people.disabled.push_back({.user_id = person_id, .disabled = disabled});
  // Enabling again starts from nothing: no session, trusted browser, reset
  // link or administrator's code of before survives.
  if (disabled) {
    changes.sessions.users_signed_out.push_back(person_id);
    changes.trust.end_all(person_id);
    changes.passwords.tokens_ended_for.push_back(person_id);
    changes.two_factor.admin_codes_ended.push_back(person_id);
  }
  changes.audit_events.push_back(audit_event(disabled ? audit::user_disabled : audit::user_enabled, client,
                                             clock_.now(), admin.company_id, person_id, {{"by_user_id", admin.id}}));
  const auto outcome = commit(admin, changes, person_id);
  if (outcome != agent_outcome::done) return {.outcome = outcome, .person = std::nullopt};
  return {.outcome = outcome, .person = store_.find_user(person_id)};
}

agent_change_result agent_changes::remove(const user& admin, row_id person_id, const client_info& client) {
  const auto person = person_of(admin, person_id);
  if (!person) return {.outcome = agent_outcome::not_found, .person = std::nullopt};
  if (person_id == admin.id) return {.outcome = agent_outcome::self_protected, .person = std::nullopt};

  change_set changes;
  changes.audit_events.push_back(audit_event(audit::user_deleted, client, clock_.now(), admin.company_id, person_id,
                                             {{"by_user_id", admin.id},
                                              {"username", person->username},
                                              {"email", person->email},
                                              {"display_name", person->display_name},
                                              {"role", person->role}}));
  changes.people.deleted.push_back(person_id);
  return {.outcome = commit(admin, changes, person_id), .person = std::nullopt};
}

}  // namespace twofold::server
