// An administrator edits, disables, enables and deletes the people of their
// company, through app.handle: the rules of admin/agent_changes.hpp, with
// what the database holds afterwards read apart from the code under test.
#include <gtest/gtest.h>

#include <string>

#include "admin/agent_changes.hpp"
#include "admin/agent_form.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"
#include "support/app_harness.hpp"
#include "support/other_company.hpp"

namespace twofold::server::testing {
namespace {

std::string user_path(row_id id, std::string_view suffix = "") {
  return "/api/admin/users/" + std::to_string(id) + std::string(suffix);
}

nlohmann::json profile(std::string_view name, std::string_view email, std::string_view role,
                       nlohmann::json language = nullptr) {
  return {{"display_name", name}, {"email", email}, {"role", role}, {"language", std::move(language)}};
}

class admin_agents_test : public ::testing::Test {
 protected:
  http_response put(const std::string& target, const nlohmann::json& body, const std::string& cookie) {
    return h_.send(h_.request("PUT", target,
                              {{"x-requested-with", "twofold"},
                               {"origin", std::string(test_origin)},
                               {"content-type", "application/json"},
                               {"cookie", cookie}},
                              body.dump()));
  }
  http_response post(const std::string& target, const std::string& cookie) { return h_.post(target, "", {{"cookie", cookie}}); }
  http_response remove(const std::string& target, const std::string& cookie) { return h_.remove(target, {{"cookie", cookie}}); }

  std::string sign_in(const test_account& account) {
    const auto answer = account.username == gina.username ? h_.sign_in(globex, gina.username, gina.password)
                                                          : h_.sign_in_as(account);
    EXPECT_EQ(answer.status, 200U) << answer.body;
    return cookie_of(answer);
  }

  std::int64_t count(const std::string& sql) { return probe_.integer(sql); }
  row_id id_of(std::string_view company, std::string_view username) { return user_id_of(probe_, company, username); }

  app_harness h_;
  database_probe probe_ = h_.probe();
  row_id globex_id_ = add_globex(probe_);
  row_id alice_ = id_of(acme, "alice");
  row_id bob_ = id_of(acme, "bob");
  row_id carol_ = id_of(acme, "carol");
  row_id hank_ = id_of(globex, "hank");
};

// ---- The edit form ---------------------------------------------------------

TEST(agent_form, accepts_a_profile_and_normalises_it) {
  const auto checked = validate_agent_profile(profile("  Bob Builder ", "Bob.B@Acme.Example", "admin", "zh-CN"));
  ASSERT_TRUE(std::holds_alternative<agent_profile>(checked));
  const auto& accepted = std::get<agent_profile>(checked);
  EXPECT_EQ(accepted.display_name, "Bob Builder");
  EXPECT_EQ(accepted.email, "bob.b@acme.example");
  EXPECT_EQ(accepted.role, user_role::admin);
  EXPECT_EQ(accepted.language, i18n::language::zh_cn);
  EXPECT_FALSE(std::get<agent_profile>(validate_agent_profile(profile("B", "b@acme.example", "agent"))).language)
      << "null: the company default";
}

TEST(agent_form, reports_one_error_per_field_in_order) {
  const auto checked = validate_agent_profile(profile("", "bob", "owner", "fr"));
  ASSERT_TRUE(std::holds_alternative<field_errors>(checked));
  const auto& errors = std::get<field_errors>(checked);
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0], (field_error{"display_name", "required", "validation.required"}));
  EXPECT_EQ(errors[1], (field_error{"email", "invalid_email", "validation.invalid_email"})) << "a username is no email";
  EXPECT_EQ(errors[2], (field_error{"role", "invalid_choice", "validation.invalid_choice"}));
  EXPECT_EQ(errors[3], (field_error{"language", "invalid_choice", "validation.invalid_choice"}));
}

TEST(agent_form, uses_the_core_rules_for_length_and_characters) {
  const auto errors_of = [](const nlohmann::json& body) { return std::get<field_errors>(validate_agent_profile(body)); };
  EXPECT_EQ(errors_of(profile(std::string(101, 'x'), "b@acme.example", "agent"))[0].code, "too_long");
  EXPECT_EQ(errors_of(profile("Bob\tAgent", "b@acme.example", "agent"))[0].code, "control_characters");
  EXPECT_EQ(errors_of(profile("Bob", std::string(250, 'b') + "@a.example", "agent"))[0].code, "too_long");
  EXPECT_EQ(errors_of(profile("Bob", "b@acme.example", "agent", 7))[0].field, "language");
  EXPECT_EQ(errors_of({{"display_name", 3}, {"email", "b@acme.example"}, {"role", "agent"}})[0],
            (field_error{"display_name", "required", "validation.required"}));
}

// ---- Edit ------------------------------------------------------------------

TEST_F(admin_agents_test, edits_a_person_and_audits_what_changed) {
  const auto cookie = sign_in(alice);
  const auto answer = put(user_path(bob_), profile("Robert Agent", "robert@acme.example", "admin", "en"), cookie);
  ASSERT_EQ(answer.status, 200U) << answer.body;
  const auto user = json_of(answer)["user"];
  EXPECT_EQ(user["display_name"], "Robert Agent");
  EXPECT_EQ(user["email"], "robert@acme.example");
  EXPECT_EQ(user["role"], "admin");
  EXPECT_EQ(user["language"], "en");
  EXPECT_EQ(probe_.text("SELECT role || ' ' || email || ' ' || language FROM users WHERE id = " + std::to_string(bob_)),
            "admin robert@acme.example en");

  const auto detail = nlohmann::json::parse(probe_.text(
      "SELECT detail FROM audit_events WHERE event = 'user.updated' AND user_id = " + std::to_string(bob_)));
  EXPECT_EQ(detail["by_user_id"], alice_);
  EXPECT_EQ(detail["changes"]["display_name"], (nlohmann::json{{"from", "Bob Agent"}, {"to", "Robert Agent"}}));
  EXPECT_EQ(detail["changes"]["role"], (nlohmann::json{{"from", "agent"}, {"to", "admin"}}));
  EXPECT_EQ(detail["changes"]["language"], (nlohmann::json{{"from", "zh-CN"}, {"to", "en"}}));
  EXPECT_EQ(detail["changes"].size(), 4U);

  // The same profile again changes nothing, and says so by auditing nothing.
  ASSERT_EQ(put(user_path(bob_), profile("Robert Agent", "robert@acme.example", "admin", "en"), cookie).status, 200U);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.updated'"), 1);
}

TEST_F(admin_agents_test, an_email_of_someone_else_in_the_company_is_a_field_error) {
  const auto cookie = sign_in(alice);
  const auto taken = put(user_path(bob_), profile("Bob Agent", "Carol@acme.example", "agent"), cookie);
  ASSERT_EQ(taken.status, 400U) << taken.body;
  EXPECT_EQ(json_of(taken)["error"]["fields"][0]["field"], "email");
  EXPECT_EQ(json_of(taken)["error"]["fields"][0]["code"], "taken");
  // Another company's address is no one's here.
  EXPECT_EQ(put(user_path(bob_), profile("Bob Agent", std::string(hank.email), "agent"), cookie).status, 200U);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.updated'"), 1);
}

TEST_F(admin_agents_test, an_invalid_form_is_refused_with_field_errors) {
  const auto cookie = sign_in(alice);
  const auto refused = put(user_path(bob_), profile("", "bob@acme.example", "agent"), cookie);
  ASSERT_EQ(refused.status, 400U);
  EXPECT_EQ(json_of(refused)["error"]["code"], "validation_failed");
  EXPECT_EQ(json_of(refused)["error"]["fields"][0]["field"], "display_name");
  const auto malformed = h_.send(h_.request("PUT", user_path(bob_),
                                            {{"x-requested-with", "twofold"}, {"origin", std::string(test_origin)},
                                             {"content-type", "application/json"}, {"cookie", cookie}},
                                            "{not json"));
  EXPECT_EQ(malformed.status, 400U);
  EXPECT_EQ(json_of(malformed)["error"]["code"], "malformed_json");
}

// ---- Company isolation -----------------------------------------------------

TEST_F(admin_agents_test, a_person_of_another_company_is_not_found_like_no_one) {
  const auto cookie = sign_in(alice);
  const row_id nobody = 987654;
  for (const row_id id : {hank_, nobody}) {
    const auto edit = put(user_path(id), profile("Mallory", "mallory@acme.example", "agent"), cookie);
    const auto disable = post(user_path(id, "/disable"), cookie);
    const auto enable = post(user_path(id, "/enable"), cookie);
    const auto deleted = remove(user_path(id), cookie);
    for (const auto* answer : {&edit, &disable, &enable, &deleted}) {
      EXPECT_EQ(answer->status, 403U) << id << " " << answer->body;
      EXPECT_EQ(json_of(*answer)["error"]["code"], "person_not_in_company");
    }
    if (id == hank_) {
      EXPECT_EQ(edit.body, put(user_path(nobody), profile("Mallory", "mallory@acme.example", "agent"), cookie).body)
          << "the same answer as for no one";
    }
  }
  EXPECT_EQ(probe_.text("SELECT display_name || ' ' || disabled FROM users WHERE id = " + std::to_string(hank_)),
            "Hank Globex 0");
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event LIKE 'user.%'"), 0);
}

TEST_F(admin_agents_test, an_agent_is_forbidden_and_no_session_is_not_signed_in) {
  const auto agent = sign_in(bob);
  EXPECT_EQ(put(user_path(bob_), profile("Bob", "bob@acme.example", "admin"), agent).status, 403U);
  EXPECT_EQ(post(user_path(alice_, "/disable"), agent).status, 403U);
  EXPECT_EQ(remove(user_path(alice_), agent).status, 403U);
  EXPECT_EQ(h_.get("/api/admin/audit-events", {{"cookie", agent}}).status, 403U);
  EXPECT_EQ(remove(user_path(bob_), "").status, 401U);
  EXPECT_EQ(probe_.text("SELECT role FROM users WHERE id = " + std::to_string(bob_)), "agent");
  EXPECT_EQ(count("SELECT count(*) FROM users"), 5);
}

// ---- An administrator and themselves --------------------------------------

TEST_F(admin_agents_test, an_admin_never_demotes_disables_or_deletes_themselves) {
  const auto cookie = sign_in(alice);
  const auto demote = put(user_path(alice_), profile("Alice Admin", "alice@acme.example", "agent"), cookie);
  ASSERT_EQ(demote.status, 409U) << demote.body;
  EXPECT_EQ(json_of(demote)["error"]["code"], "cannot_change_self");
  EXPECT_EQ(post(user_path(alice_, "/disable"), cookie).status, 409U);
  EXPECT_EQ(remove(user_path(alice_), cookie).status, 409U);
  EXPECT_EQ(probe_.text("SELECT role || disabled FROM users WHERE id = " + std::to_string(alice_)), "admin0");

  // Their own name, email and language are theirs to change.
  EXPECT_EQ(put(user_path(alice_), profile("Alice A.", "alice@acme.example", "admin", "zh-CN"), cookie).status, 200U);
}

TEST_F(admin_agents_test, two_admins_demoting_each_other_leave_one_admin) {
  // Both read themselves as administrators before either change is written.
  ASSERT_EQ(put(user_path(bob_), profile("Bob Agent", "bob@acme.example", "admin"), sign_in(alice)).status, 200U);
  auto& store = h_.real_storage();
  const auto alice_user = load_user(store, alice_);
  const auto bob_user = load_user(store, bob_);
  ASSERT_TRUE(alice_user && bob_user);
  agent_changes changes(store, h_.clock);
  const client_info client{.ip = "203.0.113.7", .user_agent = "test"};

  const auto first = changes.edit(*alice_user, bob_, {.display_name = "Bob Agent", .email = "bob@acme.example",
                                                      .role = user_role::agent, .language = std::nullopt}, client);
  const auto second = changes.edit(*bob_user, alice_, {.display_name = "Alice Admin", .email = "alice@acme.example",
                                                       .role = user_role::agent, .language = std::nullopt}, client);
  EXPECT_EQ(first.outcome, agent_outcome::done);
  EXPECT_EQ(second.outcome, agent_outcome::not_an_admin) << "bob was demoted before his change was committed";
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE company_id = 1 AND role = 'admin' AND disabled = 0"), 1);
}

// ---- Disable and enable ----------------------------------------------------

TEST_F(admin_agents_test, disabling_ends_every_session_and_pending_sign_in_at_once) {
  const auto admin = sign_in(alice);
  const auto bob_session = sign_in(bob);
  const auto bob_second_browser = sign_in(bob);
  probe_.execute(
      "INSERT INTO sign_in_flows (token_hash, state, user_id, company_id, method, created_at, expires_at, ip, user_agent)"
      " SELECT zeroblob(32), 'second_factor', id, company_id, 'app', 0, 9999999999, '', '' FROM users WHERE id = " +
      std::to_string(bob_));
  ASSERT_EQ(count("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(bob_)), 2);

  const auto disabled = post(user_path(bob_, "/disable"), admin);
  ASSERT_EQ(disabled.status, 204U) << disabled.body;

  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(bob_)), 0);
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_flows WHERE user_id = " + std::to_string(bob_)), 0);
  EXPECT_EQ(h_.get("/api/me", {{"cookie", bob_session}}).status, 401U);
  EXPECT_EQ(h_.get("/api/me", {{"cookie", bob_second_browser}}).status, 401U);
  const auto refused = h_.sign_in_as(bob);
  EXPECT_EQ(refused.status, 401U) << refused.body;
  EXPECT_EQ(json_of(refused)["error"]["code"], "sign_in_failed") << "the generic answer";
  EXPECT_EQ(h_.get("/api/me", {{"cookie", admin}}).status, 200U) << "the admin's own session stays";
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.disabled' AND user_id = " + std::to_string(bob_) +
                  " AND json_extract(detail, '$.by_user_id') = " + std::to_string(alice_)), 1);

  ASSERT_EQ(post(user_path(bob_, "/enable"), admin).status, 204U);
  EXPECT_EQ(h_.sign_in_as(bob).status, 200U);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.enabled'"), 1);
  // Enabling an enabled person is done already: nothing more is audited.
  EXPECT_EQ(post(user_path(bob_, "/enable"), admin).status, 204U);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.enabled'"), 1);
}

// ---- Delete ----------------------------------------------------------------

TEST_F(admin_agents_test, deleting_removes_everything_of_the_person_but_their_audit_events) {
  const auto admin = sign_in(alice);
  const auto bob_session = sign_in(bob);
  const std::string id = std::to_string(bob_);
  probe_.execute("INSERT INTO two_factor (user_id, method, enabled_at) VALUES (" + id + ", 'email', 0)");
  probe_.execute("INSERT INTO backup_codes (user_id, number, code_hash, created_at) VALUES (" + id +
                 ", 1, zeroblob(32), 0)");
  probe_.execute("INSERT INTO two_factor_setups (user_id, method, expires_at) VALUES (" + id + ", 'email', 0)");
  probe_.execute(
      "INSERT INTO sign_in_flows (token_hash, state, user_id, company_id, method, created_at, expires_at, ip, user_agent)"
      " SELECT zeroblob(32), 'second_factor', id, company_id, 'email', 0, 0, '', '' FROM users WHERE id = " + id);
  const auto bobs_events = count("SELECT count(*) FROM audit_events WHERE user_id = " + id);
  ASSERT_GT(bobs_events, 0) << "his sign-in";

  const auto deleted = remove(user_path(bob_), admin);
  ASSERT_EQ(deleted.status, 204U) << deleted.body;

  for (const std::string table : {"sessions", "two_factor", "backup_codes", "two_factor_setups", "sign_in_flows"}) {
    EXPECT_EQ(count("SELECT count(*) FROM " + table + " WHERE user_id = " + id), 0) << table;
  }
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE id = " + id), 0);
  EXPECT_EQ(h_.get("/api/me", {{"cookie", bob_session}}).status, 401U);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 4) << "nobody else";

  // His events, and the deletion's, stay: no longer linked, still naming him.
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE json_extract(detail, '$.deleted_user.id') = " + id),
            bobs_events + 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE json_extract(detail, '$.deleted_user.username') = 'bob'"
                  " AND user_id IS NULL"), bobs_events + 1);
  const auto detail = nlohmann::json::parse(probe_.text("SELECT detail FROM audit_events WHERE event = 'user.deleted'"));
  EXPECT_EQ(detail["by_user_id"], alice_);
  EXPECT_EQ(detail["username"], "bob");
  EXPECT_EQ(detail["email"], "bob@acme.example");

  EXPECT_EQ(h_.sign_in_as(bob).status, 401U);
  EXPECT_EQ(remove(user_path(bob_), admin).status, 403U) << "gone";
}

// What keeps the rules when requests race: each change carries guards,
// checked in its own transaction, and a failed one writes nothing at all.
TEST_F(admin_agents_test, a_failed_guard_rolls_the_whole_change_back) {
  auto& store = h_.real_storage();
  const auto deletion = [&](guard condition) {
    change_set changes;
    changes.guards.push_back(std::move(condition));
    changes.people.deleted.push_back(bob_);
    changes.audit_events.push_back({.company_id = 1, .user_id = bob_, .event = "user.deleted", .ip = "", .user_agent = "",
                                    .detail_json = "{}", .created_at = test_epoch, .tally_key = std::nullopt});
    return store.apply(changes);
  };
  EXPECT_FALSE(deletion(person_exists{.user_id = bob_, .company_id = globex_id_})) << "bob is not Globex's";
  EXPECT_FALSE(deletion(active_admin{.user_id = bob_, .company_id = 1})) << "an agent acting";
  EXPECT_FALSE(deletion(active_admin{.user_id = id_of(globex, "gina"), .company_id = 1})) << "another company's admin";
  EXPECT_FALSE(deletion(email_free{.company_id = 1, .email = "carol@acme.example", .except_user_id = bob_}));
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE id = " + std::to_string(bob_)), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.deleted'"), 0);

  EXPECT_TRUE(deletion(email_free{.company_id = 1, .email = "bob@acme.example", .except_user_id = bob_})) << "his own";
  EXPECT_FALSE(deletion(person_exists{.user_id = bob_, .company_id = 1})) << "a second deletion finds him gone";
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'user.deleted'"), 1);
}

TEST_F(admin_agents_test, a_disabled_person_can_be_deleted) {
  const auto admin = sign_in(alice);
  ASSERT_EQ(remove(user_path(carol_), admin).status, 204U);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE id = " + std::to_string(carol_)), 0);
}

}  // namespace
}  // namespace twofold::server::testing
