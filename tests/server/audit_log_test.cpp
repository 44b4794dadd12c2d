// The company audit log: its query parameters (admin/audit_log.hpp) and
// GET /api/admin/audit-events through app.handle, company by company.
#include <gtest/gtest.h>

#include <string>

#include "admin/audit_log.hpp"
#include "account/audit.hpp"
#include "support/app_harness.hpp"
#include "support/other_company.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server::testing {
namespace {

timestamp at_seconds(std::int64_t seconds) { return timestamp{std::chrono::seconds{seconds}}; }

TEST(audit_log_time, reads_iso8601_with_a_zone) {
  EXPECT_EQ(parse_iso8601("2026-01-01T00:00:00Z"), test_epoch);
  EXPECT_EQ(parse_iso8601("2026-01-01T00:00Z"), test_epoch);
  EXPECT_EQ(parse_iso8601("2026-01-01T00:00:00.999Z"), test_epoch) << "the fraction is dropped";
  EXPECT_EQ(parse_iso8601("2026-01-01T08:00:00+08:00"), test_epoch);
  EXPECT_EQ(parse_iso8601("2025-12-31T19:30:00-04:30"), test_epoch);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), at_seconds(0));
  EXPECT_EQ(parse_iso8601("2024-02-29T12:00:00Z"), at_seconds(1'709'208'000));
}

TEST(audit_log_time, refuses_everything_else) {
  for (const std::string_view text :
       {"", "2026-01-01", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
        "1969-12-31T23:59:59Z", "2026-01-01T00:00:00+0800", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00Zjunk",
        "+2026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "now"}) {
    EXPECT_FALSE(parse_iso8601(text)) << text;
  }
}

field_errors errors_of(const audit_log_parameters& parameters) {
  const auto parsed = parse_audit_log_parameters(parameters);
  return std::holds_alternative<field_errors>(parsed) ? std::get<field_errors>(parsed) : field_errors{};
}

TEST(audit_log_parameters, none_means_everything_first_page) {
  const auto parsed = parse_audit_log_parameters({.user = "", .event = "", .from = "", .to = "", .page = std::nullopt});
  ASSERT_TRUE(std::holds_alternative<audit_log_request>(parsed));
  const auto& request = std::get<audit_log_request>(parsed);
  EXPECT_EQ(request.page, 1);
  EXPECT_FALSE(request.query.user_id || request.query.account || request.query.event || request.query.from ||
               request.query.to);
}

TEST(audit_log_parameters, reads_each_filter) {
  const auto by_id = std::get<audit_log_request>(parse_audit_log_parameters({.user = "42", .page = "3"}));
  EXPECT_EQ(by_id.query.user_id, 42);
  EXPECT_EQ(by_id.page, 3);
  const auto by_text = std::get<audit_log_request>(parse_audit_log_parameters(
      {.user = "bob@acme", .event = "user.deleted", .from = "2026-01-01T00:00:00Z", .to = "2026-01-01T00:00:00Z"}));
  EXPECT_EQ(by_text.query.account, "bob@acme");
  EXPECT_EQ(by_text.query.event, "user.deleted");
  EXPECT_EQ(by_text.query.from, test_epoch);
  EXPECT_EQ(by_text.query.to, test_epoch) << "a range may be one second";
}

TEST(audit_log_parameters, reports_every_bad_parameter) {
  const auto errors = errors_of({.user = std::string(255, 'a'), .event = "user.exploded", .from = "yesterday",
                                 .to = "2026-01-01", .page = "0"});
  ASSERT_EQ(errors.size(), 5U);
  EXPECT_EQ(errors[0], (field_error{"user", "too_long", "validation.too_long"}));
  EXPECT_EQ(errors[1], (field_error{"event", "invalid_choice", "validation.invalid_choice"}));
  EXPECT_EQ(errors[2], (field_error{"from", "invalid_time", "validation.invalid_time"}));
  EXPECT_EQ(errors[3], (field_error{"to", "invalid_time", "validation.invalid_time"}));
  EXPECT_EQ(errors[4], (field_error{"page", "out_of_range", "validation.out_of_range"}));

  EXPECT_EQ(errors_of({.user = "0"})[0].code, "out_of_range");
  EXPECT_EQ(errors_of({.user = "99999999999999999999"})[0].code, "out_of_range");
  EXPECT_EQ(errors_of({.user = "bob\n"})[0].code, "control_characters");
  EXPECT_EQ(errors_of({.from = "2026-01-02T00:00:00Z", .to = "2026-01-01T00:00:00Z"})[0],
            (field_error{"to", "before_from", "validation.before_from"}));
  EXPECT_EQ(errors_of({.page = "10001"})[0].code, "out_of_range");
  EXPECT_EQ(errors_of({.page = "-1"})[0].code, "out_of_range");
  EXPECT_EQ(errors_of({.page = "1e3"})[0].code, "out_of_range");
  EXPECT_TRUE(errors_of({.user = std::string(254, 'a'), .page = "10000"}).empty()) << "the limits themselves";
}

TEST(audit_log_parameters, every_known_event_is_a_choice) {
  for (const auto event : audit::known_events) {
    EXPECT_TRUE(errors_of({.event = std::string(event)}).empty()) << event;
  }
}

// The log shows each event by its catalog name (audit.event.<name>).
TEST(audit_log_event_names, every_known_event_has_an_english_and_a_chinese_name) {
  for (const auto event : audit::known_events) {
    const std::string key = "audit.event." + std::string(event);
    const auto english = i18n::translate(i18n::language::en, key);
    const auto chinese = i18n::translate(i18n::language::zh_cn, key);
    EXPECT_NE(english, key) << "no English name for " << event;
    EXPECT_NE(chinese, key) << "no Chinese name for " << event;
    EXPECT_NE(chinese, english) << "the Chinese name of " << event << " falls back to English";
  }
}

class audit_log_api_test : public ::testing::Test {
 protected:
  // Sign-ins at known times (within the sessions' idle timeout): alice at
  // the epoch, bob at +10 min, then alice at +20 min; gina of Globex at +30 min.
  // Each is a new browser (no device cookie is sent back): device.new, and
  // location.new for a person's first, before sign_in.succeeded.
  void SetUp() override {
    alice_cookie_ = cookie_of(h_.sign_in_as(alice));
    h_.clock.advance(std::chrono::minutes{10});
    ASSERT_EQ(h_.sign_in_as(bob).status, 200U);
    h_.clock.advance(std::chrono::minutes{10});
    alice_cookie_ = cookie_of(h_.sign_in_as(alice));
    h_.clock.advance(std::chrono::minutes{10});
    gina_cookie_ = cookie_of(h_.sign_in(globex, gina.username, gina.password));
    ASSERT_FALSE(gina_cookie_.empty());
  }

  nlohmann::json events(const std::string& query, const std::string& cookie) {
    const auto answer = h_.get("/api/admin/audit-events" + query, {{"cookie", cookie}});
    EXPECT_EQ(answer.status, 200U) << query << " " << answer.body;
    return json_of(answer);
  }

  app_harness h_;
  database_probe probe_ = h_.probe();
  row_id globex_id_ = add_globex(probe_);
  std::string alice_cookie_;
  std::string gina_cookie_;
};

TEST_F(audit_log_api_test, lists_the_companys_events_newest_first) {
  const auto page = events("", alice_cookie_);
  ASSERT_EQ(page["events"].size(), 8U) << page.dump();
  EXPECT_EQ(page["total"], 8);
  EXPECT_EQ(page["page"], 1);
  EXPECT_EQ(page["page_size"], audit_page_size);
  EXPECT_EQ(page["events"][0]["time"], "2026-01-01T00:20:00Z");
  EXPECT_EQ(page["events"][0]["event"], "sign_in.succeeded");
  EXPECT_EQ(page["events"][0]["user"]["username"], "alice");
  EXPECT_EQ(page["events"][0]["ip"], std::string(test_client_ip));
  EXPECT_TRUE(page["events"][0]["detail"].is_object());
  EXPECT_EQ(page["events"][1]["event"], "device.new");
  EXPECT_EQ(page["events"][2]["user"]["username"], "bob");
  EXPECT_EQ(page["events"][7]["time"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(page["event_types"].size(), audit::known_events.size());
}

TEST_F(audit_log_api_test, an_admin_sees_only_their_own_company) {
  const auto globex_page = events("", gina_cookie_);
  ASSERT_EQ(globex_page["events"].size(), 3U) << globex_page.dump();
  EXPECT_EQ(globex_page["events"][0]["user"]["username"], "gina");
  const auto alice_id = user_id_of(probe_, acme, "alice");
  EXPECT_EQ(events("?user=" + std::to_string(alice_id), gina_cookie_)["total"], 0) << "an id of another company";
  EXPECT_EQ(events("?user=alice", gina_cookie_)["total"], 0);
  EXPECT_EQ(events("?user=gina", alice_cookie_)["total"], 0);
}

TEST_F(audit_log_api_test, filters_by_user_event_and_time) {
  const auto bob_id = user_id_of(probe_, acme, "bob");
  EXPECT_EQ(events("?user=" + std::to_string(bob_id), alice_cookie_)["total"], 3);
  EXPECT_EQ(events("?user=ALICE%40acme", alice_cookie_)["total"], 5) << "part of the email, any case";
  EXPECT_EQ(events("?user=Bob+Ag", alice_cookie_)["total"], 3) << "part of the display name";
  EXPECT_EQ(events("?user=%25", alice_cookie_)["total"], 0) << "% is no wildcard";
  EXPECT_EQ(events("?event=sign_in.succeeded", alice_cookie_)["total"], 3);
  EXPECT_EQ(events("?event=sign_out", alice_cookie_)["total"], 0);
  const auto window = events("?from=2026-01-01T00:10:00Z&to=2026-01-01T00:20:00%2B00:00", alice_cookie_);
  ASSERT_EQ(window["total"], 5) << "both ends inclusive";
  EXPECT_EQ(window["events"][0]["user"]["username"], "alice");
  EXPECT_EQ(window["events"][4]["user"]["username"], "bob");
  EXPECT_EQ(events("?from=2026-01-01T00:00:01Z&user=alice", alice_cookie_)["total"], 2);
}

TEST_F(audit_log_api_test, pages_hold_fifty_events) {
  for (int i = 0; i < 60; ++i) {
    h_.clock.advance(std::chrono::seconds{1});
    ASSERT_EQ(h_.remove("/api/session", {{"cookie", cookie_of(h_.sign_in_as(bob))}}).status, 204U);
  }
  const auto first = events("?user=bob", alice_cookie_);
  EXPECT_EQ(first["total"], 183) << "each sign-in a new browser, then its sign-out";
  EXPECT_EQ(first["events"].size(), 50U);
  EXPECT_EQ(first["events"][0]["event"], "sign_out");
  const auto last = events("?user=bob&page=4", alice_cookie_);
  EXPECT_EQ(last["events"].size(), 33U);
  EXPECT_EQ(last["events"][32]["time"], "2026-01-01T00:10:00Z") << "the oldest last";
  EXPECT_EQ(events("?user=bob&page=5", alice_cookie_)["events"].size(), 0U);
}

TEST_F(audit_log_api_test, bad_parameters_are_field_errors) {
  const auto answer = h_.get("/api/admin/audit-events?event=nope&from=2026-01-01&page=x", {{"cookie", alice_cookie_}});
  ASSERT_EQ(answer.status, 400U);
  const auto body = json_of(answer);
  EXPECT_EQ(body["error"]["code"], "validation_failed");
  ASSERT_EQ(body["error"]["fields"].size(), 3U);
  EXPECT_EQ(body["error"]["fields"][0]["field"], "event");
  EXPECT_EQ(body["error"]["fields"][1]["field"], "from");
  EXPECT_EQ(body["error"]["fields"][2]["field"], "page");
}

TEST_F(audit_log_api_test, a_deleted_users_events_stay_findable_by_username) {
  const auto bob_id = user_id_of(probe_, acme, "bob");
  ASSERT_EQ(h_.remove("/api/admin/users/" + std::to_string(bob_id), {{"cookie", alice_cookie_}}).status, 204U);
  const auto page = events("?user=bob", alice_cookie_);
  ASSERT_EQ(page["total"], 4) << page.dump();
  EXPECT_EQ(page["events"][0]["event"], "user.deleted");
  EXPECT_TRUE(page["events"][0]["user"].is_null());
  EXPECT_EQ(page["events"][0]["detail"]["deleted_user"]["username"], "bob");
  EXPECT_EQ(page["events"][1]["event"], "sign_in.succeeded");
}

// alice (an admin) unlocks bob: the event is about bob, alice acted.
TEST_F(audit_log_api_test, an_admins_actions_are_found_by_the_admin_and_name_them) {
  const auto alice_id = user_id_of(probe_, acme, "alice");
  const auto bob_id = user_id_of(probe_, acme, "bob");
  h_.clock.advance(std::chrono::minutes{1});
  ASSERT_EQ(h_.post("/api/admin/users/" + std::to_string(bob_id) + "/unlock", "", {{"cookie", alice_cookie_}}).status,
            204U);

  for (const std::string& query : {"?user=" + std::to_string(alice_id), std::string("?user=Alice+Ad"),
                                  std::string("?user=alice%40ACME")}) {
    const auto page = events(query, alice_cookie_);
    ASSERT_EQ(page["total"], 6) << query << " " << page.dump();
    const auto& unlock = page["events"][0];
    EXPECT_EQ(unlock["event"], "account.unlocked") << query;
    EXPECT_EQ(unlock["user"]["username"], "bob") << query;
    EXPECT_EQ(unlock["actor"], (nlohmann::json{{"id", alice_id}, {"username", "alice"},
                                               {"display_name", "Alice Admin"}, {"deleted", false}}))
        << query;
    EXPECT_EQ(page["events"][1]["event"], "sign_in.succeeded");
    EXPECT_TRUE(page["events"][1]["actor"].is_null()) << "nobody acted for a sign-in";
  }
  const auto bobs = events("?user=" + std::to_string(bob_id), alice_cookie_);
  ASSERT_EQ(bobs["total"], 4) << "the events about bob, the unlock too";
  EXPECT_EQ(bobs["events"][0]["event"], "account.unlocked");
  EXPECT_EQ(events("?user=alice&event=account.unlocked", gina_cookie_)["total"], 0) << "another company's admin";
}

TEST_F(audit_log_api_test, a_deleted_admins_actions_stay_findable_and_name_them) {
  const auto bob_id = user_id_of(probe_, acme, "bob");
  const auto carol_id = user_id_of(probe_, acme, "carol");
  probe_.execute("UPDATE users SET role = 'admin' WHERE id = " + std::to_string(bob_id));
  const auto bob_cookie = cookie_of(h_.sign_in_as(bob));
  ASSERT_EQ(h_.post("/api/admin/users/" + std::to_string(carol_id) + "/unlock", "", {{"cookie", bob_cookie}}).status,
            204U);
  ASSERT_EQ(h_.remove("/api/admin/users/" + std::to_string(bob_id), {{"cookie", alice_cookie_}}).status, 204U);

  const auto carols = events("?user=carol", alice_cookie_);
  ASSERT_EQ(carols["total"], 1) << carols.dump();
  EXPECT_EQ(carols["events"][0]["actor"],
            (nlohmann::json{{"id", bob_id}, {"username", "bob"}, {"display_name", ""}, {"deleted", true}}));
  EXPECT_EQ(events("?user=bob&event=account.unlocked", alice_cookie_)["total"], 1) << "by the username the log kept";
  EXPECT_EQ(events("?user=" + std::to_string(bob_id), alice_cookie_)["total"], 0)
      << "the id no longer names anyone, as for the events about them";
}

}  // namespace
}  // namespace twofold::server::testing
