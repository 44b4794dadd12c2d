// `twofold-server copy-sqlite --to URL` (storage/sqlite_to_postgresql.hpp):
// a SQLite database filled through the storage is copied into a throwaway
// PostgreSQL database, and the storage on PostgreSQL reads back the same
// people, secrets, codes, sessions, trusted browsers, audit events and mail,
// with the same ids; new rows there take ids past the copied ones. A target
// holding data, an older source schema and differing schemas are refused
// with nothing written.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <numeric>
#include <regex>
#include <string>
#include <vector>

#include "config/operator_command_line.hpp"
#include "runtime/clock.hpp"
#include "storage/postgresql_connection.hpp"
#include "storage/postgresql_storage.hpp"
#include "support/database_probe.hpp"
#include "support/operator_run.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_postgresql.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

// `twofold-server <arguments>`, parsed and run as main would.
command_run run(const std::vector<std::string>& arguments) { return run_command(arguments, manual_clock(test_epoch)); }

// Every byte value, zero and 0xff included: a BLOB must arrive byte for byte.
std::vector<std::uint8_t> every_byte() {
  std::vector<std::uint8_t> bytes(256);
  std::iota(bytes.begin(), bytes.end(), std::uint8_t{0});
  return bytes;
}

std::array<std::uint8_t, 32> filled(std::uint8_t value) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(value);
  return bytes;
}

// The rows of each table of PostgreSQL's current schema, the migrations' record left out.
std::map<std::string, std::int64_t> postgresql_counts(const std::string& url) {
  postgresql_connection db({.url = url});
  std::vector<std::string> tables;
  auto names = db.prepare(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'");
  while (names.step()) tables.push_back(names.column_text(0));
  std::map<std::string, std::int64_t> counts;
  for (const auto& table : tables) {
    auto count = db.prepare("SELECT count(*) FROM " + table);
    count.step();
    counts[table] = count.column_int(0);
  }
  return counts;
}

// A table's row as the command printed it: its count.
std::optional<std::int64_t> printed_rows(const std::string& out, const std::string& table) {
  const std::regex line("(^|\n)" + table + " +([0-9]+)\n");
  std::smatch match;
  if (!std::regex_search(out, match, line)) return std::nullopt;
  return std::stoll(match.str(2));
}

class copy_sqlite_to_postgresql_test : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = open_storage(data_.path(), test_epoch);
    seed_acme(*source_, password_hasher(fast_argon2), test_epoch);
    company_ = *source_->find_company_by_key("acme corp");
    alice_id_ = source_->find_user_by_username(company_.id, "alice")->id;
    bob_id_ = source_->find_user_by_username(company_.id, "bob")->id;
    fill();
  }

  // Something of each kind, through the storage as the server writes it.
  void fill() {
    change_set changes;
    changes.two_factor.methods_put.push_back({.user_id = bob_id_,
                                              .method = "app",
                                              .sealed_secret = every_byte(),
                                              .sealed_phone = {},
                                              .last_totp_step = 59'000'000,
                                              .enabled_at = test_epoch + 1min,
                                              .backup_codes_downloaded_at = std::nullopt});
    backup_code_set codes{.user_id = bob_id_, .created_at = test_epoch + 1min, .codes = {}};
    for (int number = 1; number <= 10; ++number) {
      codes.codes.push_back({.number = number,
                             .hash = filled(static_cast<std::uint8_t>(0xf0 + number)),
                             .used_at = number == 3 ? std::optional(test_epoch + 2min) : std::nullopt});
    }
    changes.two_factor.backup_code_sets.push_back(codes);
    changes.two_factor.setups_put.push_back({.user_id = alice_id_,
                                             .method = "app",
                                             .sealed_secret = {0x00, 0x01, 0x00, 0xfe},
                                             .sealed_phone = {},
                                             .sent_code = std::nullopt,
                                             .last_sent_at = std::nullopt,
                                             .attempts = 2,
                                             .expires_at = test_epoch + 10min});
    changes.two_factor.admin_codes_put.push_back({.user_id = bob_id_,
                                                  .hash = filled(0x00),
                                                  .created_by = alice_id_,
                                                  .created_at = test_epoch + 3min,
                                                  .expires_at = test_epoch + 1h});
    changes.sessions.opened.push_back({.id = 0,
                                       .token_hash = filled(0x5a),
                                       .user_id = bob_id_,
                                       .created_at = test_epoch + 4min,
                                       .last_seen_at = test_epoch + 5min,
                                       .absolute_expires_at = test_epoch + 12h,
                                       .ip = "192.0.2.7",
                                       .user_agent = "Firefox 示例",
                                       .language = "zh-CN"});
    changes.trust.added.push_back({.id = 0,
                                   .token_hash = filled(0x7e),
                                   .user_id = bob_id_,
                                   .created_at = test_epoch + 4min,
                                   .expires_at = test_epoch + 24h * 30,
                                   .ip = "192.0.2.7",
                                   .user_agent = "Firefox"});
    changes.audit_events.push_back({.company_id = company_.id,
                                    .user_id = bob_id_,
                                    .event = "two_factor.enabled",
                                    .ip = "192.0.2.7",
                                    .user_agent = "Firefox",
                                    .detail_json = R"({"method":"app"})",
                                    .created_at = test_epoch + 1min,
                                    .tally_key = std::nullopt});
    changes.audit_events.push_back({.company_id = std::nullopt,
                                    .user_id = std::nullopt,
                                    .event = "sign_in.failed",
                                    .ip = "198.51.100.1",
                                    .user_agent = "curl",
                                    .detail_json = R"({"reason":"unknown_company"})",
                                    .created_at = test_epoch + 2min,
                                    .tally_key = std::nullopt});
    changes.mail.push_back({.id = 0,
                            .created_at = test_epoch + 6min,
                            .recipient = "bob@acme.example",
                            .subject = "您的代码",
                            .text_body = "line one\nline two",
                            .html_body = "<p>line one</p>",
                            .attempts = 0});
    ASSERT_TRUE(source_->apply(changes));
    // A gap in the ids: the copy keeps them as they are.
    change_set deletion;
    deletion.people.deleted.push_back(source_->find_user_by_username(company_.id, "carol")->id);
    ASSERT_TRUE(source_->apply(deletion));
  }

  std::vector<std::string> copy_to(const std::string& url) const {
    return {"copy-sqlite", "--to", url, "--data-dir", data_.path().string()};
  }

  temp_dir data_;
  std::unique_ptr<sql_storage> source_;
  company_record company_;
  row_id alice_id_ = 0;
  row_id bob_id_ = 0;
};

TEST_F(copy_sqlite_to_postgresql_test, the_storage_on_postgresql_reads_back_what_was_stored_on_sqlite) {
  const std::string url = fresh_postgresql_database();
  const auto copied = run(copy_to(url));
  ASSERT_EQ(copied.status, 0) << copied.err;
  EXPECT_EQ(copied.err, "");
  const auto target = open_postgresql_storage({.connection = {.url = url}, .size = 2});

  const auto company = target->find_company(company_.id);
  ASSERT_TRUE(company.has_value());
  EXPECT_EQ(company->name, company_.name);
  EXPECT_EQ(company->key, company_.key);
  EXPECT_EQ(company->created_at, company_.created_at);
  EXPECT_EQ(company->lock_minutes, std::nullopt);
  EXPECT_EQ(company->second_factor_every_sign_in, company_.second_factor_every_sign_in);
  for (const row_id id : {alice_id_, bob_id_}) {
    const auto before = source_->find_user(id);
    const auto after = target->find_user(id);
    ASSERT_TRUE(after.has_value()) << id;
    EXPECT_EQ(after->username, before->username);
    EXPECT_EQ(after->email, before->email);
    EXPECT_EQ(after->display_name, before->display_name);
    EXPECT_EQ(after->role, before->role);
    EXPECT_EQ(after->language, before->language);
    EXPECT_EQ(after->password_hash, before->password_hash);
    EXPECT_EQ(password_hasher(fast_argon2).verify(after->password_hash, id == bob_id_ ? bob.password : alice.password),
              password_check::correct);
    EXPECT_EQ(after->disabled, before->disabled);
    EXPECT_EQ(after->must_change_password, before->must_change_password);
  }
  EXPECT_FALSE(target->find_user_by_username(company_.id, "carol").has_value());

  const auto method = target->find_two_factor(bob_id_);
  ASSERT_TRUE(method.has_value());
  EXPECT_EQ(method->method, "app");
  EXPECT_EQ(method->sealed_secret, every_byte()) << "byte for byte";
  EXPECT_TRUE(method->sealed_phone.empty());
  EXPECT_EQ(method->last_totp_step, 59'000'000);
  EXPECT_EQ(method->enabled_at, test_epoch + 1min);
  EXPECT_EQ(method->backup_codes_downloaded_at, std::nullopt) << "NULL stays NULL";
  const auto setup = target->find_two_factor_setup(alice_id_);
  ASSERT_TRUE(setup.has_value());
  EXPECT_EQ(setup->sealed_secret, (std::vector<std::uint8_t>{0x00, 0x01, 0x00, 0xfe}));
  EXPECT_EQ(setup->sent_code, std::nullopt);
  EXPECT_EQ(setup->attempts, 2);

  const auto codes = target->find_backup_codes(bob_id_);
  ASSERT_TRUE(codes.has_value());
  ASSERT_EQ(codes->codes.size(), 10U);
  for (const auto& code : codes->codes) {
    EXPECT_EQ(code.hash, filled(static_cast<std::uint8_t>(0xf0 + code.number)));
    EXPECT_EQ(code.used_at, code.number == 3 ? std::optional(test_epoch + 2min) : std::nullopt);
  }
  const auto admin_code = target->find_admin_code(bob_id_);
  ASSERT_TRUE(admin_code.has_value());
  EXPECT_EQ(admin_code->hash, filled(0x00));
  EXPECT_EQ(admin_code->created_by, alice_id_);
  EXPECT_EQ(admin_code->expires_at, test_epoch + 1h);

  const auto session_before = source_->find_session(filled(0x5a));
  const auto session = target->find_session(filled(0x5a));
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->session.id, session_before->session.id);
  EXPECT_EQ(session->session.user_id, bob_id_);
  EXPECT_EQ(session->session.last_seen_at, test_epoch + 5min);
  EXPECT_EQ(session->session.user_agent, "Firefox 示例");
  EXPECT_EQ(session->session.language, "zh-CN");
  EXPECT_EQ(session->owner.user.username, "bob");
  EXPECT_EQ(session->owner.company.id, company_.id);
  const auto browser = target->find_trusted_browser(filled(0x7e));
  ASSERT_TRUE(browser.has_value());
  EXPECT_EQ(browser->id, source_->find_trusted_browser(filled(0x7e))->id);
  EXPECT_EQ(browser->expires_at, test_epoch + 24h * 30);

  const auto events_before = source_->list_audit_events(company_.id, {}, 0, 100);
  const auto events = target->list_audit_events(company_.id, {}, 0, 100);
  ASSERT_EQ(events.total, events_before.total);
  ASSERT_EQ(events.events.size(), events_before.events.size());
  for (std::size_t at = 0; at < events.events.size(); ++at) {
    EXPECT_EQ(events.events[at].id, events_before.events[at].id);
    EXPECT_EQ(events.events[at].event.event, events_before.events[at].event.event);
    EXPECT_EQ(events.events[at].event.user_id, events_before.events[at].event.user_id);
    EXPECT_EQ(events.events[at].event.detail_json, events_before.events[at].event.detail_json);
    EXPECT_EQ(events.events[at].username, events_before.events[at].username);
  }

  const auto mail = target->claim_due_mail(test_epoch + 1h, 10, "web-1 127.0.0.1:8080", test_epoch + 2h);
  ASSERT_EQ(mail.size(), 1U);
  EXPECT_EQ(mail[0].subject, "您的代码");
  EXPECT_EQ(mail[0].text_body, "line one\nline two");
}

TEST_F(copy_sqlite_to_postgresql_test, new_rows_on_postgresql_take_ids_past_the_copied_ones) {
  const std::string url = fresh_postgresql_database();
  ASSERT_EQ(run(copy_to(url)).status, 0);
  const auto target = open_postgresql_storage({.connection = {.url = url}, .size = 2});
  user_record dave{.id = 0,
                   .company_id = company_.id,
                   .username = "dave",
                   .email = "dave@acme.example",
                   .display_name = "Dave",
                   .role = "agent",
                   .language = std::nullopt,
                   .password_hash = "$argon2id$dave",
                   .created_at = test_epoch + 1h,
                   .disabled = false,
                   .code_failures = 0,
                   .locked_at = std::nullopt,
                   .locked_until = std::nullopt};
  const auto dave_id = target->create_user(dave, [](row_id) { return change_set{}; });
  ASSERT_TRUE(dave_id.has_value()) << "the sequence hands out an id no copied user has";
  EXPECT_GT(*dave_id, bob_id_);
  change_set event;
  event.audit_events.push_back({.company_id = company_.id,
                                .user_id = *dave_id,
                                .event = "user.created",
                                .ip = "192.0.2.1",
                                .user_agent = "test",
                                .detail_json = "{}",
                                .created_at = test_epoch + 1h,
                                .tally_key = std::nullopt});
  event.sessions.opened.push_back({.id = 0,
                                   .token_hash = filled(0x11),
                                   .user_id = *dave_id,
                                   .created_at = test_epoch + 1h,
                                   .last_seen_at = test_epoch + 1h,
                                   .absolute_expires_at = test_epoch + 12h,
                                   .ip = "192.0.2.1",
                                   .user_agent = "test",
                                   .language = std::nullopt});
  ASSERT_TRUE(target->apply(event));
  EXPECT_GT(target->find_session(filled(0x11))->session.id, target->find_session(filled(0x5a))->session.id);
  EXPECT_EQ(target->list_audit_events(company_.id, {}, 0, 1).events.front().event.event, "user.created");
}

TEST_F(copy_sqlite_to_postgresql_test, prints_each_table_s_rows_and_the_total) {
  const std::string url = fresh_postgresql_database();
  const auto copied = run(copy_to(url));
  ASSERT_EQ(copied.status, 0) << copied.err;
  database_probe probe(data_.path());
  const auto counts = postgresql_counts(url);
  std::int64_t total = 0;
  for (const auto& [table, rows] : counts) {
    EXPECT_EQ(printed_rows(copied.out, table), rows) << table << " in\n" << copied.out;
    EXPECT_EQ(probe.integer("SELECT count(*) FROM " + table), rows) << table;
    total += rows;
  }
  EXPECT_EQ(printed_rows(copied.out, "total"), total) << copied.out;
  EXPECT_EQ(printed_rows(copied.out, "users"), 2);
  EXPECT_EQ(printed_rows(copied.out, "backup_codes"), 10);
  EXPECT_EQ(printed_rows(copied.out, "schema_migrations"), std::nullopt) << "each side keeps its own";
  EXPECT_NE(copied.out.find((data_.path() / "server.key").string()), std::string::npos) << "the key to take along";
  EXPECT_EQ(copied.out.find(url), std::string::npos) << "the URL may hold a password";
}

TEST_F(copy_sqlite_to_postgresql_test, a_target_holding_data_is_refused_and_left_as_it_was) {
  const std::string url = fresh_postgresql_database();
  const auto target = open_postgresql_storage({.connection = {.url = url}, .size = 1});
  target->migrate(test_epoch);
  seed_acme(*target, password_hasher(fast_argon2), test_epoch);
  const auto before = postgresql_counts(url);

  const auto refused = run(copy_to(url));
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("holds data already (rows in companies 1"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("nothing was copied"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out, "");
  EXPECT_EQ(postgresql_counts(url), before);
  EXPECT_FALSE(target->find_two_factor(bob_id_).has_value());
}

TEST_F(copy_sqlite_to_postgresql_test, a_source_at_another_schema_version_is_refused) {
  database_probe(data_.path())
      .execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
  const std::string url = fresh_postgresql_database();
  const auto refused = run(copy_to(url));
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("older than this twofold-server's"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("start this version of the server on it once"), std::string::npos) << refused.err;
  const auto untouched = open_postgresql_storage({.connection = {.url = url}, .size = 1});
  EXPECT_EQ(untouched->schema_version(), 0) << "not even migrated";
}

// The tables come from the schemas themselves: one a later migration adds
// is copied unnamed, and one missing on a side stops the copy.
TEST_F(copy_sqlite_to_postgresql_test, every_table_of_the_schema_is_copied_and_a_difference_refused) {
  database_probe probe(data_.path());
  probe.execute("CREATE TABLE later_table (id INTEGER PRIMARY KEY, note TEXT, data BLOB)");
  probe.execute("INSERT INTO later_table (id, note, data) VALUES (7, NULL, x'00ff'), (9, 'x', NULL)");
  const std::string missing = fresh_postgresql_database();
  const auto refused = run(copy_to(missing));
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("table later_table is missing in PostgreSQL"), std::string::npos) << refused.err;
  EXPECT_EQ(postgresql_counts(missing).at("users"), 0);

  const std::string url = fresh_postgresql_database();
  open_postgresql_storage({.connection = {.url = url}, .size = 1})->migrate(test_epoch);
  postgresql_connection db({.url = url});
  db.execute(
      "CREATE TABLE later_table (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note TEXT, data BYTEA)");
  const auto copied = run(copy_to(url));
  ASSERT_EQ(copied.status, 0) << copied.err;
  EXPECT_EQ(printed_rows(copied.out, "later_table"), 2);
  auto rows = db.prepare("SELECT id, note IS NULL, data FROM later_table ORDER BY id");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.column_int(0), 7);
  EXPECT_EQ(rows.column_int(1), 1);
  EXPECT_EQ(rows.column_blob(2), (std::vector<std::uint8_t>{0x00, 0xff}));
  ASSERT_TRUE(rows.step());
  EXPECT_TRUE(rows.column_is_null(2));
  auto next = db.prepare("INSERT INTO later_table (note) VALUES ('new') RETURNING id");
  ASSERT_TRUE(next.step());
  EXPECT_EQ(next.column_int(0), 10);
}

TEST(copy_sqlite_command_line, wrong_values_are_usage_errors) {
  temp_dir data;
  const auto no_url = run({"copy-sqlite", "--data-dir", data.path().string()});
  EXPECT_EQ(no_url.status, 2);
  EXPECT_NE(no_url.err.find("--to is required"), std::string::npos) << no_url.err;
  const auto file = run({"copy-sqlite", "--to", "/tmp/x.db", "--data-dir", data.path().string()});
  EXPECT_EQ(file.status, 2);
  EXPECT_NE(file.err.find("--to must be a PostgreSQL URL"), std::string::npos) << file.err;
  const auto both = run({"copy-sqlite", "--to", "postgresql://a@127.0.0.1/b", "--database",
                         "postgresql://a@127.0.0.1/b", "--data-dir", data.path().string()});
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("not --database"), std::string::npos) << both.err;
  const auto nothing = run({"copy-sqlite", "--to", "postgresql://a@127.0.0.1/b", "--data-dir", data.path().string()});
  EXPECT_EQ(nothing.status, 1);
  EXPECT_NE(nothing.err.find("no database at"), std::string::npos) << nothing.err;
  EXPECT_FALSE(std::filesystem::exists(data.path() / "twofold.db")) << "never created";
}

TEST(copy_sqlite_command_line, is_also_spelled_copy_sqlite_to_and_has_help) {
  temp_dir data;
  const char* argv[] = {"twofold-server", "--copy-sqlite-to", "postgresql://a@127.0.0.1/b"};
  EXPECT_TRUE(is_operator_command(3, argv));
  const auto spelled = run({"--copy-sqlite-to", "postgresql://a@127.0.0.1/b", "--data-dir", data.path().string()});
  EXPECT_EQ(spelled.status, 1);
  EXPECT_NE(spelled.err.find("no database at"), std::string::npos) << spelled.err;
  const auto with_equals = run({"--copy-sqlite-to=/tmp/x.db", "--data-dir", data.path().string()});
  EXPECT_EQ(with_equals.status, 2);
  EXPECT_NE(with_equals.err.find("--to must be a PostgreSQL URL"), std::string::npos) << with_equals.err;
  const auto help = run({"copy-sqlite", "--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_TRUE(help.out.starts_with("Usage: twofold-server copy-sqlite --to URL")) << help.out;
  EXPECT_NE(help.out.find("server.key"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace twofold::server::testing
