// The operator's commands (server/src/operator) against a live data folder:
// the app of app_harness keeps its own connection open while a command
// writes through another, as a running server and a command would. What a
// command did is checked through the app's answers and the database itself.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "config/operator_command_line.hpp"
#include "operator/operator_commands.hpp"
#include "operator/operator_table.hpp"
#include "runtime/clock.hpp"
#include "storage/postgresql_storage.hpp"
#include "support/app_harness.hpp"
#include "support/database_probe.hpp"
#include "support/operator_run.hpp"
#include "support/temp_dir.hpp"
#include "support/test_postgresql.hpp"
#include "support/two_factor_steps.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

// `twofold-server <arguments> --data-dir <the harness's>`, parsed and run as main would.
command_run run(app_harness& h, std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--data-dir", h.cfg.data_dir});
  return run_command(arguments, h.clock);
}

// The temporary password a command printed.
std::string printed_password(const std::string& out) {
  static const std::regex generated("[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}");
  std::smatch match;
  return std::regex_search(out, match, generated) ? match.str() : "";
}

// The token of the one-time link a command printed.
std::string printed_token(const std::string& out) {
  static const std::regex link("/reset/#token=([A-Za-z0-9_-]+)");
  std::smatch match;
  return std::regex_search(out, match, link) ? match.str(1) : "";
}

std::vector<std::string> add_globex(std::vector<std::string> more = {}) {
  std::vector<std::string> arguments{"company", "add", "--name", "Globex", "--language", "zh-CN",
                                     "--admin-username", "Hank", "--admin-email", "Hank@Globex.example"};
  arguments.insert(arguments.end(), more.begin(), more.end());
  return arguments;
}

std::string new_password_body(std::string_view password) { return nlohmann::json{{"password", password}}.dump(); }

// The sign-in flow's cookie value an answer set.
std::string sign_in_cookie(const http_response& response) {
  for (const auto& cookie : headers_named(response, "set-cookie")) {
    if (cookie.starts_with("twofold_sign_in=")) return cookie.substr(16, cookie.find(';') - 16);
  }
  return "";
}

class operator_commands_test : public ::testing::Test {
 protected:
  // The newest audit event of this name: its detail.
  nlohmann::json last_detail(std::string_view event) {
    return nlohmann::json::parse(h.probe().text("SELECT detail FROM audit_events WHERE event = '" + std::string(event) +
                                                "' ORDER BY id DESC LIMIT 1"));
  }

  app_harness h;
};

// ── The command line ────────────────────────────────────────────────────────

TEST_F(operator_commands_test, a_missing_option_or_unknown_command_is_a_usage_error) {
  const auto missing = run(h, {"company", "add", "--name", "Globex"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("--language is required"), std::string::npos) << missing.err;
  const auto unknown = run(h, {"company", "rename"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown command"), std::string::npos) << unknown.err;
  const auto no_verb = run(h, {"user"});
  EXPECT_EQ(no_verb.status, 2);
  const auto no_value = run(h, {"backup", "--to"});
  EXPECT_EQ(no_value.status, 2);
  const auto next_option = run(h, {"company", "disable", "--company", "--overwrite"});
  EXPECT_EQ(next_option.status, 2) << "an option is not a value";
  EXPECT_NE(next_option.err.find("--company needs a value"), std::string::npos) << next_option.err;
  const auto twice = run(h, {"user", "unlock", "--company", "a", "--company", "b", "--user", "bob"});
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("twice"), std::string::npos);
  const auto server_option = run(h, {"company", "list", "--port", "not-a-port"});
  EXPECT_EQ(server_option.status, 2) << "the server's options are checked as the server checks them";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM companies"), 1) << "nothing was done";
}

TEST_F(operator_commands_test, every_command_and_group_has_help) {
  for (const auto& arguments : std::vector<std::vector<std::string>>{
           {"company", "--help"}, {"company", "add", "--help"}, {"company", "list", "--help"},
           {"company", "disable", "--help"}, {"company", "enable", "--help"}, {"user", "--help"},
           {"user", "list", "--help"}, {"user", "unlock", "--help"}, {"user", "reset-password", "--help"},
           {"backup", "--help"}}) {
    const auto help = run(h, arguments);
    EXPECT_EQ(help.status, 0);
    EXPECT_TRUE(help.out.starts_with("Usage: twofold-server " + arguments.front())) << help.out;
  }
  EXPECT_NE(run(h, {"backup", "--help"}).out.find("server.key"), std::string::npos);
}

TEST_F(operator_commands_test, the_server_options_come_from_the_environment_too) {
  const std::string data_dir = "TWOFOLD_DATA_DIR=" + h.cfg.data_dir;
  const char* argv[] = {"twofold-server", "company", "list"};
  const auto loaded = load_operator_command(3, argv, {data_dir});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->cfg.data_dir, h.cfg.data_dir);
  EXPECT_FALSE(is_operator_command(1, argv));
}

// ── Companies ───────────────────────────────────────────────────────────────

TEST_F(operator_commands_test, a_new_company_s_admin_signs_in_with_the_temporary_password_and_must_change_it) {
  const auto added = run(h, add_globex());
  ASSERT_EQ(added.status, 0) << added.err;
  const std::string password = printed_password(added.out);
  ASSERT_FALSE(password.empty()) << added.out;
  const auto stored = h.probe().rows(
      "SELECT u.username, u.email, u.role, u.must_change_password, c.default_language, c.key FROM users u"
      " JOIN companies c ON c.id = u.company_id WHERE c.name = 'Globex'");
  EXPECT_EQ(stored, (std::vector<std::vector<std::string>>{{"hank", "hank@globex.example", "admin", "1", "zh-CN", "globex"}}));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM mail_outbox"), 0) << "file transport: nobody is mailed";

  const auto signing_in = h.sign_in("GLOBEX", "hank@globex.example", password);
  ASSERT_EQ(signing_in.status, 202U) << signing_in.body;
  EXPECT_TRUE(json_of(signing_in).contains("password_change")) << signing_in.body;
  const auto done = h.post("/api/session/new-password", new_password_body("harbour lights at dusk"),
                           {{"cookie", "twofold_sign_in=" + sign_in_cookie(signing_in)}});
  EXPECT_EQ(done.status, 200U) << done.body;
  EXPECT_EQ(h.sign_in("Globex", "hank", "harbour lights at dusk").status, 200U);

  const auto other = run(h, {"company", "add", "--name", "Initech", "--language", "en", "--admin-username", "hank",
                             "--admin-email", "hank@globex.example"});
  ASSERT_EQ(other.status, 0) << "the same person may administer two companies";
  EXPECT_NE(printed_password(other.out), password) << "random, never the same";
  const auto created = last_detail("company.created");
  EXPECT_EQ(created["by_operator"], true);
  EXPECT_EQ(created["password"], "temporary");
}

TEST_F(operator_commands_test, with_a_public_url_the_admin_gets_a_one_time_link) {
  const auto added = run(h, add_globex({"--public-url", "https://twofold.example.com"}));
  ASSERT_EQ(added.status, 0) << added.err;
  EXPECT_NE(added.out.find("https://twofold.example.com/reset/#token="), std::string::npos) << added.out;
  EXPECT_EQ(printed_password(added.out), "");
  const std::string token = printed_token(added.out);
  const auto set = h.post("/api/password/reset", nlohmann::json{{"token", token}, {"password", "quiet harbour 4217"}}.dump());
  EXPECT_EQ(set.status, 204U) << set.body;
  EXPECT_EQ(h.sign_in("Globex", "hank", "quiet harbour 4217").status, 200U);
  EXPECT_EQ(h.post("/api/password/reset", nlohmann::json{{"token", token}, {"password", "another pass 123"}}.dump()).status,
            400U)
      << "once";
  EXPECT_EQ(last_detail("company.created")["password"], "link");

  const auto temporary = run(h, {"user", "reset-password", "--company", "Globex", "--user", "hank",
                                 "--public-url", "https://twofold.example.com", "--temporary-password"});
  EXPECT_FALSE(printed_password(temporary.out).empty()) << "asked for a temporary password";
}

TEST_F(operator_commands_test, bad_values_are_usage_errors_and_a_taken_name_a_failure) {
  EXPECT_EQ(run(h, {"company", "add", "--name", " ", "--language", "en", "--admin-username", "a", "--admin-email",
                    "a@b.example"}).status,
            2);
  const auto language = run(h, {"company", "add", "--name", "X", "--language", "fr", "--admin-username", "a",
                                "--admin-email", "a@b.example"});
  EXPECT_EQ(language.status, 2);
  EXPECT_NE(language.err.find("en, zh-CN"), std::string::npos) << language.err;
  EXPECT_EQ(run(h, {"company", "add", "--name", "X", "--language", "en", "--admin-username", "a b", "--admin-email",
                    "not-an-address"}).status,
            2);
  const auto taken = run(h, {"company", "add", "--name", "ACME corp", "--language", "en", "--admin-username", "z",
                             "--admin-email", "z@acme.example"});
  EXPECT_EQ(taken.status, 1);
  EXPECT_NE(taken.err.find("exists already"), std::string::npos) << taken.err;
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM companies"), 1);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM users"), 3);
}

TEST_F(operator_commands_test, the_company_list_counts_admins_and_people) {
  ASSERT_EQ(run(h, add_globex()).status, 0);
  const auto listed = run(h, {"company", "list"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_EQ(listed.out,
            "KEY        NAME       LANGUAGE  ADMINS  PEOPLE  DISABLED\n"
            "acme corp  Acme Corp  en        1       3       no\n"
            "globex     Globex     zh-CN     1       1       no\n");
}

TEST_F(operator_commands_test, a_disabled_company_is_refused_like_a_wrong_password_and_its_sessions_end) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  const auto wrong = h.sign_in(acme, bob.username, "not bob's password");

  const auto disabled = run(h, {"company", "disable", "--company", "acme CORP"});
  ASSERT_EQ(disabled.status, 0) << disabled.err;
  EXPECT_EQ(bob_browser.get("/api/me").status, 401U) << "the session ended";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM sessions"), 0);
  const auto refused = h.sign_in(acme, bob.username, bob.password);
  EXPECT_EQ(refused.status, wrong.status);
  EXPECT_EQ(refused.body, wrong.body) << "the same answer as a wrong password";
  EXPECT_EQ(h.post("/api/password/forgot", nlohmann::json{{"company", acme}, {"account", "bob"}}.dump()).status, 202U);
  EXPECT_EQ(h.resolve_reset_requests(), 1U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM password_tokens"), 0) << "no reset link for a disabled company";
  EXPECT_NE(run(h, {"company", "list"}).out.find("yes"), std::string::npos);
  EXPECT_EQ(last_detail("company.disabled")["by_operator"], true);
  EXPECT_EQ(run(h, {"company", "disable", "--company", "Acme Corp"}).out, "Company \"Acme Corp\" was already disabled.\n");

  ASSERT_EQ(run(h, {"company", "enable", "--company", "Acme Corp"}).status, 0);
  EXPECT_EQ(h.sign_in(acme, bob.username, bob.password).status, 200U);
  EXPECT_EQ(last_detail("company.enabled")["by_operator"], true);
  EXPECT_EQ(run(h, {"company", "disable", "--company", "Initech"}).status, 1);
}

// ── People ──────────────────────────────────────────────────────────────────

TEST_F(operator_commands_test, unlock_lifts_the_lock_of_wrong_codes) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  std::ignore = enable_app(bob_browser, h);
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  for (int i = 0; i < 5; ++i) std::ignore = bob_browser.post("/api/session/second-step", code_body("000000"));
  ASSERT_EQ(test_browser(h).sign_in(bob).status, 401U) << "locked: answered as a wrong password";
  EXPECT_NE(run(h, {"user", "list", "--company", "Acme Corp"}).out.find("bob       bob@acme.example    Bob Agent    agent  app  yes"),
            std::string::npos)
      << run(h, {"user", "list", "--company", "Acme Corp"}).out;

  const auto unlocked = run(h, {"user", "unlock", "--company", "Acme Corp", "--user", "BOB@acme.example"});
  ASSERT_EQ(unlocked.status, 0) << unlocked.err;
  EXPECT_EQ(unlocked.out, "Unlocked bob.\n");
  EXPECT_EQ(test_browser(h).sign_in(bob).status, 202U) << "the code page again";
  const auto detail = last_detail("account.unlocked");
  EXPECT_EQ(detail["by_operator"], true);
  EXPECT_EQ(detail["was_locked"], true);
  EXPECT_EQ(run(h, {"user", "unlock", "--company", "Acme Corp", "--user", "nobody"}).status, 1);
}

TEST_F(operator_commands_test, reset_password_ends_the_sessions_and_the_old_password) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  const auto reset = run(h, {"user", "reset-password", "--company", "Acme Corp", "--user", "bob"});
  ASSERT_EQ(reset.status, 0) << reset.err;
  EXPECT_EQ(bob_browser.get("/api/me").status, 401U);
  EXPECT_EQ(h.sign_in(acme, bob.username, bob.password).status, 401U);
  test_browser fresh(h);
  const auto signing_in = h.sign_in(acme, bob.username, printed_password(reset.out));
  ASSERT_EQ(signing_in.status, 202U) << signing_in.body;
  EXPECT_TRUE(json_of(signing_in).contains("password_change")) << signing_in.body;
  EXPECT_EQ(last_detail("password.reset_by_operator")["password"], "temporary");
}

TEST_F(operator_commands_test, with_smtp_the_person_is_mailed_by_the_operator_and_a_failed_delivery_waits) {
  // Nothing listens on port 1: the delivery fails at once and the mail stays
  // in the outbox for the running server to retry.
  const auto reset = run(h, {"user", "reset-password", "--company", "Acme Corp", "--user", "alice", "--mail-transport",
                             "smtp", "--smtp-url", "smtp://127.0.0.1:1"});
  ASSERT_EQ(reset.status, 0) << reset.err;
  EXPECT_NE(reset.err.find("could not be sent now; the server retries it"), std::string::npos) << reset.err;
  const auto mail = h.probe().rows("SELECT recipient, attempts, sent_at FROM mail_outbox");
  EXPECT_EQ(mail, (std::vector<std::vector<std::string>>{{"alice@acme.example", "1", "NULL"}}));
  const auto text = h.probe().text("SELECT text_body FROM mail_outbox");
  EXPECT_NE(text.find("The operator of"), std::string::npos) << text;
  EXPECT_EQ(text.find("Your administrator"), std::string::npos) << "not an administrator's doing: " << text;
}

TEST_F(operator_commands_test, the_admin_audit_log_names_the_operator) {
  ASSERT_EQ(run(h, {"user", "unlock", "--company", "Acme Corp", "--user", "bob"}).status, 0);
  test_browser alice_browser(h);
  ASSERT_EQ(alice_browser.sign_in(alice).status, 200U);
  const auto page = alice_browser.get("/api/admin/audit-events?event=account.unlocked");
  ASSERT_EQ(page.status, 200U) << page.body;
  const auto event = json_of(page)["events"][0];
  EXPECT_EQ(event["actor"], (nlohmann::json{{"operator", true}}));
  EXPECT_EQ(event["user"]["username"], "bob");
  EXPECT_EQ(event["user_agent"], "twofold-server user unlock");
}

// ── The database ────────────────────────────────────────────────────────────

TEST_F(operator_commands_test, an_older_database_is_refused_not_migrated) {
  h.probe().execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
  const auto refused = run(h, {"company", "list"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("older than this twofold-server"), std::string::npos) << refused.err;
  temp_dir empty;
  const char* argv[] = {"twofold-server", "company", "list", "--data-dir", empty.path().c_str()};
  const auto loaded = load_operator_command(5, argv, {});
  ASSERT_TRUE(loaded);
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_operator_command(*loaded->command, loaded->cfg, h.clock, out, err), 1);
  EXPECT_NE(err.str().find("no database"), std::string::npos) << err.str();
  EXPECT_FALSE(std::filesystem::exists(empty.path() / "twofold.db")) << "never created";
}

TEST_F(operator_commands_test, a_backup_holds_every_committed_row_and_passes_its_check) {
  ASSERT_EQ(run(h, add_globex()).status, 0);
  temp_dir backups;
  const auto file = (backups.path() / "twofold-backup.db").string();
  const auto backed_up = run(h, {"backup", "--to", file});
  ASSERT_EQ(backed_up.status, 0) << backed_up.err;
  EXPECT_NE(backed_up.out.find("integrity check ok"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(file + "-wal")) << "one self-contained file";

  std::filesystem::create_directories(backups.path() / "restored");
  std::filesystem::copy_file(file, backups.path() / "restored" / "twofold.db");
  database_probe copy(backups.path() / "restored");
  EXPECT_EQ(copy.integer("SELECT count(*) FROM companies WHERE name = 'Globex'"), 1);
  EXPECT_EQ(copy.integer("SELECT count(*) FROM users"), h.probe().integer("SELECT count(*) FROM users"));
  EXPECT_EQ(copy.integer("SELECT count(*) FROM audit_events WHERE event = 'company.created'"), 1);
  EXPECT_EQ(copy.text("PRAGMA journal_mode"), "delete");

  const auto again = run(h, {"backup", "--to", file});
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("--overwrite"), std::string::npos);
  ASSERT_EQ(run(h, {"company", "disable", "--company", "Globex"}).status, 0);
  ASSERT_EQ(run(h, {"backup", "--to", file, "--overwrite"}).status, 0);
  std::filesystem::copy_file(file, backups.path() / "restored" / "twofold.db",
                             std::filesystem::copy_options::overwrite_existing);
  database_probe replaced(backups.path() / "restored");
  EXPECT_EQ(replaced.integer("SELECT disabled FROM companies WHERE name = 'Globex'"), 1);
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(backups.path())) left.push_back(entry.path().filename());
  std::ranges::sort(left);
  EXPECT_EQ(left, (std::vector<std::string>{"restored", "twofold-backup.db"})) << "no partial file left behind";
  EXPECT_EQ(run(h, {"backup", "--to", (backups.path() / "no-such-folder" / "x.db").string()}).status, 1);
  const auto itself = run(h, {"backup", "--to", (std::filesystem::path(h.cfg.data_dir) / "twofold.db").string(),
                              "--overwrite"});
  EXPECT_EQ(itself.status, 1);
  EXPECT_NE(itself.err.find("is the live database itself"), std::string::npos) << itself.err;
  EXPECT_EQ(h.sign_in(acme, bob.username, bob.password).status, 200U) << "the database is untouched";
}

TEST(operator_table, pads_columns_by_code_points_and_hides_control_characters) {
  operator_table table({"KEY", "NAME"});
  table.add({"示例", "a\nb"});
  table.add({"longer-key", "x"});
  std::ostringstream out;
  table.print(out);
  EXPECT_EQ(out.str(),
            "KEY         NAME\n"
            "示例          a?b\n"
            "longer-key  x\n");
}

// With --database the commands work on that PostgreSQL database, as the
// servers sharing it do; the SQLite backup is refused there.
TEST(operator_commands_on_postgresql, work_on_the_database_of_database) {
  const std::string url = fresh_postgresql_database();
  temp_dir data;
  const auto run_here = [&](std::vector<std::string> arguments) {
    arguments.insert(arguments.end(), {"--data-dir", data.path().string(), "--database", url});
    std::vector<const char*> argv{"twofold-server"};
    for (const auto& argument : arguments) argv.push_back(argument.c_str());
    const auto loaded = load_operator_command(static_cast<int>(argv.size()), argv.data(), {});
    if (!loaded || !loaded->command) return command_run{.status = 2, .out = "", .err = loaded ? "" : loaded.error()};
    std::ostringstream out;
    std::ostringstream err;
    const int status = run_operator_command(*loaded->command, loaded->cfg, system_clock{}, out, err);
    return command_run{.status = status, .out = out.str(), .err = err.str()};
  };

  const auto unmigrated = run_here({"company", "list"});
  EXPECT_EQ(unmigrated.status, 1);
  EXPECT_NE(unmigrated.err.find("the PostgreSQL database of --database has schema version 0"), std::string::npos)
      << unmigrated.err;

  open_postgresql_storage({.connection = {.url = url}, .size = 1})->migrate(test_epoch);
  const auto added = run_here(add_globex());
  EXPECT_EQ(added.status, 0) << added.err;
  const auto listed = run_here({"company", "list"});
  EXPECT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find("Globex"), std::string::npos) << listed.out;
  EXPECT_FALSE(std::filesystem::exists(data.path() / "twofold.db")) << "no SQLite database beside it";

  const auto backup = run_here({"backup", "--to", (data.path() / "copy.db").string()});
  EXPECT_EQ(backup.status, 1);
  EXPECT_NE(backup.err.find("pg_dump"), std::string::npos) << backup.err;
}

}  // namespace
}  // namespace twofold::server::testing
