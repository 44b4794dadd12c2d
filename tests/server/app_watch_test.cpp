// What monitoring asks the application: /readyz (the database reachable and
// writable, the outbox senders running) apart from /healthz, /metrics only
// with the right bearer token, and the class each request counts in.
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/route_classes.hpp"
#include "app/watch_api.hpp"
#include "auth/password_blocklist.hpp"
#include "mail/file_transport.hpp"
#include "mail/mail_channel.hpp"
#include "mail/outbox_sender.hpp"
#include "support/app_harness.hpp"
#include "support/config_loading.hpp"
#include "support/named_pipe.hpp"

namespace twofold::server::testing {
namespace {

constexpr std::string_view metrics_token = "0123456789abcdef0123456789abcdef-test";

std::string bearer(std::string_view token) { return "Bearer " + std::string(token); }

// An application whose mail outbox sender is watched (not yet started).
class app_watch_test : public ::testing::Test {
 protected:
  app_watch_test() { harness_.application().watch("mail_sender", [this] { return sender_.running(); }); }

  app_harness harness_;
  std::ostringstream sender_log_text_;
  logger sender_log_{sender_log_text_};
  file_transport transport_{harness_.cfg.data_dir, "Twofold <no-reply@acme.example>", sender_log_};
  mail_channel mail_{harness_.real_storage(), transport_};
  outbox_sender sender_{mail_, "test-host 127.0.0.1:8080", harness_.clock, sender_log_};
};

TEST_F(app_watch_test, ready_while_the_database_answers_and_the_senders_run) {
  sender_.start();

  const auto ready = harness_.get("/readyz");
  EXPECT_EQ(ready.status, 200U) << ready.body;
  EXPECT_EQ(nlohmann::json::parse(ready.body), nlohmann::json::parse(R"({"status":"ready"})"));
  EXPECT_EQ(harness_.get("/healthz").status, 200U);
}

TEST_F(app_watch_test, not_ready_once_an_outbox_sender_has_stopped_while_healthz_still_answers) {
  sender_.start();
  ASSERT_EQ(harness_.get("/readyz").status, 200U);

  sender_.stop();

  const auto answer = harness_.get("/readyz");
  EXPECT_EQ(answer.status, 503U);
  EXPECT_EQ(nlohmann::json::parse(answer.body),
            nlohmann::json::parse(R"({"status":"not_ready","failing":["mail_sender"]})"));
  EXPECT_EQ(harness_.get("/healthz").status, 200U) << "the process itself is alive";
  EXPECT_NE(harness_.logs().find("health.not_ready"), std::string::npos);
}

TEST_F(app_watch_test, a_sender_never_started_is_not_ready) { EXPECT_EQ(harness_.get("/readyz").status, 503U); }

TEST(app_watch, not_ready_while_another_connection_holds_the_write_lock) {
  app_harness harness;
  ASSERT_EQ(harness.get("/readyz").status, 200U);
  {
    auto holder = harness.probe();
    holder.execute("BEGIN IMMEDIATE");

    const auto answer = harness.get("/readyz");
    EXPECT_EQ(answer.status, 503U) << answer.body;
    EXPECT_EQ(nlohmann::json::parse(answer.body)["failing"], nlohmann::json::parse(R"(["database"])"));
    EXPECT_EQ(answer.body.find("lock"), std::string::npos) << "the problem's text is for the log only";
    EXPECT_NE(harness.logs().find("database is locked"), std::string::npos) << harness.logs();
    holder.execute("ROLLBACK");
  }
  EXPECT_EQ(harness.get("/readyz").status, 200U);
}

// uap-core's rules and the password blocklist load on threads of their own,
// here held by named pipes until the test writes them.
TEST(app_watch, not_ready_until_the_rules_and_the_blocklist_are_loaded_and_a_sign_in_waits_for_the_rules) {
  temp_dir pipes;
  const auto rules_file = make_named_pipe(pipes.path() / "regexes.yaml");
  const auto blocklist_file = make_named_pipe(pipes.path() / "common.lst");
  app_harness harness(
      [&](config& cfg) {
        cfg.user_agent_rules = rules_file.string();
        cfg.password_blocklist = {blocklist_file.string()};
      },
      fast_argon2, test_backend::sqlite, background_loads::not_awaited);
  pipe_content rules(rules_file);
  pipe_content blocklist(blocklist_file);

  const auto loading = harness.get("/readyz");
  EXPECT_EQ(loading.status, 503U) << loading.body;
  EXPECT_EQ(nlohmann::json::parse(loading.body),
            nlohmann::json::parse(R"({"status":"not_ready","failing":["user_agent_rules","password_blocklist"]})"));
  EXPECT_EQ(harness.get("/healthz").status, 200U) << "the process answers meanwhile";
  EXPECT_NE(harness.logs().find(R"("user_agent_rules":"not_loaded")"), std::string::npos) << harness.logs();

  blocklist.write("letmein\n");
  shared_password_blocklist(harness.cfg.password_blocklist)->wait();
  EXPECT_EQ(nlohmann::json::parse(harness.get("/readyz").body)["failing"],
            nlohmann::json::parse(R"(["user_agent_rules"])"));

  std::ifstream uap_core("/usr/share/uap-core/regexes.yaml", std::ios::binary);
  const std::string rules_text{std::istreambuf_iterator<char>(uap_core), std::istreambuf_iterator<char>()};
  auto early_sign_in = std::async(std::launch::async, [&harness] {
    return harness.sign_in_as(
        alice, {{"user-agent", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"}});
  });
  rules.write(rules_text);

  const auto signed_in = early_sign_in.get();
  EXPECT_EQ(signed_in.status, 200U) << signed_in.body;
  EXPECT_EQ(harness.probe().text("SELECT browser || ' ' || browser_version || ' on ' || os FROM devices"),
            "Firefox 121.0 on Ubuntu");
  const auto ready = harness.get("/readyz");
  EXPECT_EQ(ready.status, 200U) << ready.body << "\n" << harness.logs();
}

TEST(app_watch, metrics_are_off_without_a_token) {
  app_harness harness;
  EXPECT_EQ(harness.get("/metrics").status, 404U);
  EXPECT_EQ(harness.get("/metrics", {{"authorization", bearer("")}}).status, 404U);
}

TEST(app_watch, metrics_need_the_bearer_token) {
  app_harness harness([](config& cfg) { cfg.metrics_token = std::string(metrics_token); });

  const auto anonymous = harness.get("/metrics");
  EXPECT_EQ(anonymous.status, 401U);
  EXPECT_EQ(header_of(anonymous, "www-authenticate"), R"(Bearer realm="twofold-metrics")");
  EXPECT_EQ(anonymous.body.find("twofold_"), std::string::npos);
  EXPECT_EQ(harness.get("/metrics", {{"authorization", bearer("wrong")}}).status, 401U);
  EXPECT_EQ(harness.get("/metrics", {{"authorization", bearer(std::string(metrics_token) + "x")}}).status, 401U);
  EXPECT_EQ(harness.get("/metrics", {{"authorization", "Basic " + std::string(metrics_token)}}).status, 401U);

  const auto scraped = harness.get("/metrics", {{"authorization", "bearer " + std::string(metrics_token)}});
  EXPECT_EQ(scraped.status, 200U);
  EXPECT_EQ(header_of(scraped, "content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(scraped.body.find("# TYPE twofold_sign_ins_total counter\n"), std::string::npos) << scraped.body;
  EXPECT_NE(scraped.body.find("twofold_outbox_messages{channel=\"mail\"} 0\n"), std::string::npos) << scraped.body;
  EXPECT_NE(scraped.body.find("twofold_outbox_oldest_age_seconds{channel=\"sms\"} 0\n"), std::string::npos);
}

TEST(app_watch, a_wrong_password_moves_the_denied_sign_ins_by_one) {
  app_harness harness([](config& cfg) { cfg.metrics_token = std::string(metrics_token); });
  const auto denied = [&] {
    const auto text = harness.get("/metrics", {{"authorization", bearer(metrics_token)}}).body;
    const std::string series = "twofold_sign_ins_total{outcome=\"denied\"} ";
    const auto at = text.find(series);
    return at == std::string::npos ? -1 : std::stoll(text.substr(at + series.size()));
  };
  const auto before = denied();
  ASSERT_GE(before, 0);

  EXPECT_EQ(harness.sign_in(acme, alice.username, "not the password").status, 401U);

  EXPECT_EQ(denied(), before + 1);
}

TEST(metrics_token_option, comes_from_the_environment_or_the_file_never_the_command_line) {
  const std::string token(metrics_token);
  EXPECT_EQ(loaded({}, {"TWOFOLD_METRICS_TOKEN=" + token}).metrics_token, token);
  EXPECT_TRUE(loaded({}).metrics_token.empty()) << "off by default";
  EXPECT_NE(error_of({"--metrics-token", token}).find("TWOFOLD_METRICS_TOKEN"), std::string::npos);
  EXPECT_NE(error_of({}, {"TWOFOLD_METRICS_TOKEN=short"}).find("at least 32 characters"), std::string::npos);
  EXPECT_NE(error_of({}, {"TWOFOLD_METRICS_TOKEN=" + token + " x"}).find("spaces"), std::string::npos);
}

TEST(bearer_token, matches_only_the_whole_token_after_the_scheme) {
  EXPECT_TRUE(bearer_token_matches("Bearer secret-token", "secret-token"));
  EXPECT_TRUE(bearer_token_matches("BEARER secret-token", "secret-token"));
  EXPECT_FALSE(bearer_token_matches("Bearer secret-toke", "secret-token"));
  EXPECT_FALSE(bearer_token_matches("Bearer secret-token2", "secret-token"));
  EXPECT_FALSE(bearer_token_matches("secret-token", "secret-token"));
  EXPECT_FALSE(bearer_token_matches("Bearer ", ""));
  EXPECT_FALSE(bearer_token_matches("", "secret-token"));
}

TEST(route_classes, each_route_counts_in_the_class_of_what_it_serves) {
  const auto routes = app::api_routes();
  const auto of = [&](std::string_view path) { return class_of_path(path, routes); };
  EXPECT_EQ(of("/api/session"), route_class::api_sign_in);
  EXPECT_EQ(of("/api/sso/start"), route_class::api_sign_in);
  EXPECT_EQ(of("/api/password/forgot"), route_class::api_sign_in);
  EXPECT_EQ(of("/api/session/new-password"), route_class::api_sign_in);
  EXPECT_EQ(of("/api/session/second-step"), route_class::api_two_factor);
  EXPECT_EQ(of("/api/session/second-step/resend"), route_class::api_two_factor);
  EXPECT_EQ(of("/api/me/two-factor/app"), route_class::api_two_factor);
  EXPECT_EQ(of("/api/me/backup-codes"), route_class::api_two_factor);
  EXPECT_EQ(of("/api/admin/users/12/unlock"), route_class::api_admin);
  EXPECT_EQ(of("/api/admin/sso"), route_class::api_admin);
  EXPECT_EQ(of("/api/me"), route_class::api_other);
  EXPECT_EQ(of("/api/me/sessions"), route_class::api_other);
  EXPECT_EQ(of("/api/made-up"), route_class::api_other);
  EXPECT_EQ(of("/healthz"), route_class::health);
  EXPECT_EQ(of("/readyz"), route_class::health);
  EXPECT_EQ(of("/metrics"), route_class::metrics);
  EXPECT_EQ(of("/sso/callback"), route_class::api_sign_in);
  EXPECT_EQ(of("/"), route_class::static_file);
  EXPECT_EQ(of("/apiary.html"), route_class::static_file);
  for (const auto& declared : routes) {
    EXPECT_NE(class_of(declared), route_class::static_file) << declared.path;
    if (declared.path.find("{id}") == std::string_view::npos) {
      EXPECT_EQ(class_of_path(declared.path, routes), class_of(declared)) << declared.path;
    }
  }
}

TEST(route_classes, the_application_marks_each_answer_with_its_class) {
  app_harness harness;
  EXPECT_EQ(harness.get("/healthz").route, route_class::health);
  EXPECT_EQ(harness.get("/api/me").route, route_class::api_other);
  EXPECT_EQ(harness.get("/api/admin/users").route, route_class::api_admin);
  EXPECT_EQ(harness.get("/no-such-file").route, route_class::static_file);
}

}  // namespace
}  // namespace twofold::server::testing
