// Configuration: command line > environment > JSON file > defaults; bad
// values are error messages, never exceptions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.hpp"
#include "support/config_loading.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

TEST(config, has_safe_defaults) {
  const auto cfg = loaded({});
  EXPECT_EQ(cfg.listen_address, "127.0.0.1");
  EXPECT_EQ(cfg.port, 8080);
  EXPECT_EQ(cfg.data_dir, "data");
  EXPECT_EQ(cfg.argon2_memory_kib, 19U * 1024U);
  EXPECT_EQ(cfg.argon2_iterations, 2U);
  EXPECT_EQ(cfg.session_idle_timeout, std::chrono::minutes(30));
  EXPECT_EQ(cfg.session_absolute_timeout, std::chrono::hours(12));
  EXPECT_FALSE(cfg.tls_enabled());
  EXPECT_EQ(load({})->action, config_action::run);
}

TEST(config, reads_every_option_from_the_command_line) {
  const auto cfg = loaded({"--listen-address",
                           "0.0.0.0",
                           "--port",
                           "0",
                           "--public-url",
                           "https://twofold.example.com",
                           "--data-dir",
                           "/var/lib/twofold",
                           "--www-dir",
                           "/srv/www",
                           "--core-dir",
                           "/srv/core",
                           "--tls-cert-file",
                           "cert.pem",
                           "--tls-key-file",
                           "key.pem",
                           "--io-threads",
                           "2",
                           "--worker-threads",
                           "8",
                           "--argon2-memory-kib",
                           "65536",
                           "--argon2-iterations",
                           "3",
                           "--session-idle-timeout",
                           "15",
                           "--session-absolute-timeout",
                           "8",
                           "--step-up-window",
                           "0",
                           "--max-body-bytes",
                           "4096",
                           "--header-timeout",
                           "5",
                           "--log-level",
                           "debug"});
  EXPECT_EQ(cfg.listen_address, "0.0.0.0");
  EXPECT_EQ(cfg.port, 0);
  EXPECT_EQ(cfg.public_url, "https://twofold.example.com");
  EXPECT_EQ(cfg.data_dir, "/var/lib/twofold");
  EXPECT_EQ(cfg.www_dir, "/srv/www");
  EXPECT_EQ(cfg.core_dir, "/srv/core");
  EXPECT_TRUE(cfg.tls_enabled());
  EXPECT_EQ(cfg.io_threads, 2U);
  EXPECT_EQ(cfg.worker_threads, 8U);
  EXPECT_EQ(cfg.argon2_memory_kib, 65536U);
  EXPECT_EQ(cfg.argon2_iterations, 3U);
  EXPECT_EQ(cfg.session_idle_timeout, std::chrono::minutes(15));
  EXPECT_EQ(cfg.session_absolute_timeout, std::chrono::hours(8));
  EXPECT_EQ(cfg.step_up_window, std::chrono::seconds(0));
  EXPECT_EQ(cfg.max_body_bytes, 4096U);
  EXPECT_EQ(cfg.header_timeout, std::chrono::seconds(5));
  EXPECT_EQ(cfg.log_level, "debug");
}

TEST(config, command_line_beats_environment_beats_file_beats_default) {
  temp_dir dir;
  const auto file = dir.path() / "twofold.json";
  write_file(file, R"({"port": 1111, "data-dir": "from-file", "www-dir": "file-www", "log-level": "warn"})");
  const std::vector<std::string> environment{"TWOFOLD_PORT=2222", "TWOFOLD_DATA_DIR=from-env",
                                             "TWOFOLD_CONFIG=" + file.string(), "PATH=/usr/bin"};

  const auto cfg = loaded({"--port", "3333"}, environment);

  EXPECT_EQ(cfg.port, 3333);                   // command line
  EXPECT_EQ(cfg.data_dir, "from-env");         // environment over file
  EXPECT_EQ(cfg.www_dir, "file-www");          // file over default
  EXPECT_EQ(cfg.log_level, "warn");            // file
  EXPECT_EQ(cfg.listen_address, "127.0.0.1");  // default
}

TEST(config, reads_the_file_named_on_the_command_line) {
  temp_dir dir;
  const auto file = dir.path() / "twofold.json";
  write_file(file, R"({"port": "4444", "argon2-iterations": 4})");
  const auto cfg = loaded({"--config", file.string()});
  EXPECT_EQ(cfg.port, 4444);
  EXPECT_EQ(cfg.argon2_iterations, 4U);
}

TEST(config, ignores_environment_variables_that_name_no_option) {
  const auto cfg = loaded({}, {"TWOFOLD_SERVER_BIN=build/x", "TWOFOLD_CORE_DIR=build/wasm/wasm", "OTHER_PORT=1"});
  EXPECT_EQ(cfg.core_dir, "build/wasm/wasm");
  EXPECT_EQ(cfg.port, 8080);
}

TEST(config, rejects_bad_numbers) {
  EXPECT_NE(error_of({"--port", "65536"}).find("--port"), std::string::npos);
  EXPECT_NE(error_of({"--port", "-1"}).find("--port"), std::string::npos);
  EXPECT_NE(error_of({"--port", "80x"}).find("--port"), std::string::npos);
  EXPECT_NE(error_of({"--port", ""}).find("--port"), std::string::npos);
  EXPECT_NE(error_of({"--argon2-memory-kib", "4"}).find("--argon2-memory-kib"), std::string::npos);
  EXPECT_NE(error_of({"--argon2-iterations", "0"}).find("--argon2-iterations"), std::string::npos);
  EXPECT_NE(error_of({"--session-idle-timeout", "0"}).find("--session-idle-timeout"), std::string::npos);
  EXPECT_NE(error_of({}, {"TWOFOLD_IO_THREADS=many"}).find("--io-threads"), std::string::npos);
}

TEST(config, reports_every_problem_at_once) {
  const auto error = error_of({"--port", "x", "--log-level", "loud"});
  EXPECT_NE(error.find("--port"), std::string::npos);
  EXPECT_NE(error.find("--log-level"), std::string::npos);
}

TEST(config, rejects_inconsistent_or_malformed_settings) {
  EXPECT_NE(error_of({"--tls-cert-file", "cert.pem"}).find("--tls-key-file"), std::string::npos);
  EXPECT_NE(error_of({"--public-url", "twofold.example.com"}).find("--public-url"), std::string::npos);
  EXPECT_NE(error_of({"--public-url", "https://example.com/twofold"}).find("--public-url"), std::string::npos);
  EXPECT_NE(error_of({"--public-url", "https://"}).find("--public-url"), std::string::npos);
}

TEST(config, rejects_unknown_options_and_arguments) {
  EXPECT_NE(error_of({"--no-such-option"}).find("no-such-option"), std::string::npos);
  EXPECT_NE(error_of({"stray"}).find("stray"), std::string::npos);
  EXPECT_FALSE(error_of({"--port"}).empty()) << "a value is missing";
}

TEST(config, rejects_bad_files) {
  temp_dir dir;
  EXPECT_NE(error_of({"--config", (dir.path() / "missing.json").string()}).find("missing.json"), std::string::npos);
  write_file(dir.path() / "array.json", "[1, 2]");
  EXPECT_NE(error_of({"--config", (dir.path() / "array.json").string()}).find("JSON object"), std::string::npos);
  write_file(dir.path() / "broken.json", "{\"port\": ");
  EXPECT_NE(error_of({"--config", (dir.path() / "broken.json").string()}).find("JSON object"), std::string::npos);
  write_file(dir.path() / "unknown.json", R"({"prot": 80})");
  EXPECT_NE(error_of({"--config", (dir.path() / "unknown.json").string()}).find("prot"), std::string::npos);
  write_file(dir.path() / "deep.json", R"({"port": )" + std::string(100'000, '['));
  EXPECT_NE(error_of({"--config", (dir.path() / "deep.json").string()}).find("nested too deeply"), std::string::npos);
  write_file(dir.path() / "float.json", R"({"port": 80.5})");
  EXPECT_NE(error_of({"--config", (dir.path() / "float.json").string()}).find("port"), std::string::npos);
}

TEST(config, password_blocklist_defaults_to_debian_lists_and_must_exist) {
  EXPECT_EQ(config{}.password_blocklist,
            (std::vector<std::string>{"/usr/share/john/password.lst", "/usr/share/dict/cracklib-small"}));
  temp_dir dir;
  write_file(dir.path() / "a.lst", "hunter22\n");
  write_file(dir.path() / "b.lst", "tr0ub4dor\n");
  const auto both = (dir.path() / "a.lst").string() + ":" + (dir.path() / "b.lst").string();
  EXPECT_EQ(loaded({"--password-blocklist", both}).password_blocklist,
            (std::vector<std::string>{(dir.path() / "a.lst").string(), (dir.path() / "b.lst").string()}));
  const auto missing = (dir.path() / "missing.lst").string();
  const auto error = error_of({"--password-blocklist", (dir.path() / "a.lst").string() + ":" + missing});
  EXPECT_NE(error.find("--password-blocklist \"" + missing + "\" does not exist"), std::string::npos) << error;
  EXPECT_NE(error_of({"--password-blocklist", ""}).find("at least one file"), std::string::npos);
}

TEST(config, help_and_route_listing_are_actions) {
  const auto help = load({"--help"});
  ASSERT_TRUE(help.has_value());
  EXPECT_EQ(help->action, config_action::show_help);
  EXPECT_NE(help->help_text.find("--data-dir"), std::string::npos);
  EXPECT_NE(help->help_text.find("TWOFOLD_"), std::string::npos);

  const auto routes = load({"--list-routes"});
  ASSERT_TRUE(routes.has_value());
  EXPECT_EQ(routes->action, config_action::list_routes);
}

TEST(config, serves_plain_http_on_loopback_only) {
  EXPECT_EQ(loaded({"--listen-address", "127.0.0.2"}).listen_address, "127.0.0.2");
  EXPECT_EQ(loaded({"--listen-address", "::1"}).listen_address, "::1");
  const std::string public_url = "https://twofold.example.com";
  EXPECT_NE(error_of({"--listen-address", "0.0.0.0", "--public-url", public_url}).find("loopback only"),
            std::string::npos);
  EXPECT_NE(error_of({"--listen-address", "192.0.2.5", "--public-url", public_url}).find("loopback only"),
            std::string::npos);
  EXPECT_TRUE(loaded({"--listen-address", "0.0.0.0", "--allow-plain-http", "true", "--public-url", public_url})
                  .allow_plain_http);
  EXPECT_EQ(loaded({"--listen-address", "0.0.0.0", "--tls-cert-file", "c.pem", "--tls-key-file", "k.pem",
                    "--public-url", public_url})
                .listen_address,
            "0.0.0.0");
}

// Without it the Origin check would trust the request's own Host header,
// which a DNS-rebinding page sets.
TEST(config, needs_the_public_url_to_listen_beyond_loopback) {
  for (const char* address : {"0.0.0.0", "192.0.2.5", "::"}) {
    const auto tls = error_of({"--listen-address", address, "--tls-cert-file", "c.pem", "--tls-key-file", "k.pem"});
    EXPECT_NE(tls.find("--public-url is required"), std::string::npos) << address << ": " << tls;
    const auto plain = error_of({"--listen-address", address, "--allow-plain-http", "true"});
    EXPECT_NE(plain.find("--public-url is required"), std::string::npos) << address << ": " << plain;
  }
  EXPECT_EQ(loaded({"--listen-address", "127.0.0.1"}).public_url, "") << "loopback needs none";
}

TEST(config, plain_http_beyond_loopback_is_for_a_tls_proxy) {
  const auto error = error_of(
      {"--listen-address", "0.0.0.0", "--allow-plain-http", "true", "--public-url", "http://twofold.example.com"});
  EXPECT_NE(error.find("--public-url must start with https://"), std::string::npos) << error;
}

TEST(config, browsers_use_https_with_tls_here_or_an_https_public_url) {
  EXPECT_FALSE(loaded({}).served_over_https());
  EXPECT_FALSE(loaded({"--public-url", "http://127.0.0.1:8080"}).served_over_https());
  EXPECT_TRUE(loaded({"--public-url", "HTTPS://twofold.example.com"}).served_over_https());
  EXPECT_TRUE(loaded({"--tls-cert-file", "c.pem", "--tls-key-file", "k.pem"}).served_over_https());
}

TEST(config, reads_trusted_proxies_repeated_or_comma_separated) {
  const auto cfg = loaded({"--trusted-proxy", "127.0.0.1/32", "--trusted-proxy", "10.0.0.0/8, 2001:db8::/64",
                           "--trusted-proxy", "192.0.2.7"});
  ASSERT_EQ(cfg.trusted_proxies.size(), 4U);
  EXPECT_TRUE(cfg.trusted_proxies[0].contains(*parse_ip_address("127.0.0.1")));
  EXPECT_FALSE(cfg.trusted_proxies[0].contains(*parse_ip_address("127.0.0.2")));
  EXPECT_TRUE(cfg.trusted_proxies[1].contains(*parse_ip_address("10.200.3.4")));
  EXPECT_TRUE(cfg.trusted_proxies[2].contains(*parse_ip_address("2001:db8::ffff:1")));
  EXPECT_EQ(cfg.trusted_proxies[3].prefix_bits, 32U) << "an address alone is a /32";
  EXPECT_TRUE(loaded({}).trusted_proxies.empty()) << "none by default";

  const auto from_environment = load({}, {"TWOFOLD_TRUSTED_PROXY=10.0.0.1/32,10.0.0.2/32"});
  ASSERT_TRUE(from_environment.has_value()) << from_environment.error();
  EXPECT_EQ(from_environment->cfg.trusted_proxies.size(), 2U);
}

TEST(config, refuses_a_trusted_proxy_that_is_no_network) {
  for (const char* bad : {"10.0.0.1/8", "10.0.0.0/33", "2001:db8::/129", "proxy.example.com", "10.0.0.0/", "10.0.0.0/x",
                          "fe80::/10%eth0", "/24", "1.2.3.4/-1"}) {
    const auto error = error_of({"--trusted-proxy", bad});
    EXPECT_NE(error.find("--trusted-proxy must be"), std::string::npos) << bad << ": " << error;
    EXPECT_NE(error.find(bad), std::string::npos) << "names the value: " << error;
  }
}

TEST(config, reads_the_connection_caps) {
  const auto defaults = loaded({});
  EXPECT_EQ(defaults.max_connections, 8192U);
  EXPECT_EQ(defaults.max_connections_per_client, 128U);
  const auto cfg = loaded({"--max-connections", "100", "--max-connections-per-client", "3"});
  EXPECT_EQ(cfg.max_connections, 100U);
  EXPECT_EQ(cfg.max_connections_per_client, 3U);
  EXPECT_NE(error_of({"--max-connections-per-client", "0"}).find("--max-connections-per-client must be"),
            std::string::npos);
  EXPECT_NE(error_of({"--max-connections", "1"}).find("--max-connections must be"), std::string::npos);
}

TEST(config, public_origin_comes_from_the_public_url_or_the_listen_address) {
  config cfg;
  EXPECT_EQ(cfg.public_origin(), "http://127.0.0.1:8080");
  cfg.listen_address = "0.0.0.0";
  cfg.port = 9000;
  EXPECT_EQ(cfg.public_origin(), "http://127.0.0.1:9000");
  cfg.listen_address = "::";
  EXPECT_EQ(cfg.public_origin(), "http://[::1]:9000");
  cfg.tls_cert_file = "cert.pem";
  cfg.tls_key_file = "key.pem";
  cfg.listen_address = "192.0.2.5";
  EXPECT_EQ(cfg.public_origin(), "https://192.0.2.5:9000");
  cfg.public_url = "HTTPS://Twofold.Example.com/";
  EXPECT_EQ(cfg.public_origin(), "https://twofold.example.com");
}

TEST(config, the_database_is_sqlite_in_the_data_dir_unless_a_postgresql_url_is_given) {
  EXPECT_EQ(loaded({}).database, std::nullopt);
  EXPECT_EQ(loaded({}).database_pool_size, 8U);
  const auto cfg = loaded({"--database", "postgresql://twofold@db.example:5433/twofold?sslmode=verify-full",
                           "--database-pool-size", "20"});
  EXPECT_EQ(cfg.database, "postgresql://twofold@db.example:5433/twofold?sslmode=verify-full");
  EXPECT_EQ(cfg.database_pool_size, 20U);
  EXPECT_EQ(loaded({}, {"TWOFOLD_DATABASE=postgres://u:secret@db/twofold"}).database, "postgres://u:secret@db/twofold");
}

TEST(config, refuses_a_database_that_is_no_postgresql_url) {
  EXPECT_NE(error_of({"--database", "data/twofold.db"}).find("--database must be a PostgreSQL URL"), std::string::npos);
  EXPECT_NE(error_of({"--database", "host=db dbname=twofold"}).find("--database must be a PostgreSQL URL"),
            std::string::npos);
  EXPECT_NE(error_of({"--database", "postgresql://db/twofold?no_such_option=1"}).find("--database is not a URL"),
            std::string::npos);
  EXPECT_NE(error_of({"--database-pool-size", "0"}).find("database-pool-size"), std::string::npos);
}

// A command line is visible to every user of the machine.
TEST(config, refuses_a_database_password_on_the_command_line_and_never_repeats_it) {
  const auto error = error_of({"--database", "postgresql://twofold:hunter2hunter2@db/twofold"});
  EXPECT_NE(error.find("must not carry a password on the command line"), std::string::npos) << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  const auto bad = error_of({}, {"TWOFOLD_DATABASE=postgresql://twofold:hunter2hunter2@db/twofold?bogus=1"});
  EXPECT_EQ(bad.find("hunter2"), std::string::npos) << bad;
}

}  // namespace
}  // namespace twofold::server::testing
