// The options of client/: the user-agent rules (a default that Debian's
// uap-core installs) and the optional location database, both checked at start.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "support/config_loading.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

TEST(client_config, uses_uap_cores_rules_and_no_location_database_by_default) {
  const auto cfg = loaded({});
  EXPECT_EQ(cfg.user_agent_rules, "/usr/share/uap-core/regexes.yaml");
  EXPECT_EQ(cfg.geoip_database, std::nullopt);
}

TEST(client_config, reads_both_files) {
  temp_dir dir;
  const auto rules = (dir.path() / "regexes.yaml").string();
  const auto database = (dir.path() / "GeoLite2-City.mmdb").string();
  write_file(rules, "user_agent_parsers: []\n");
  write_file(database, "mmdb");
  const auto cfg = loaded({"--user-agent-rules", rules}, {"TWOFOLD_GEOIP_DATABASE=" + database});
  EXPECT_EQ(cfg.user_agent_rules, rules);
  EXPECT_EQ(cfg.geoip_database, database);
}

TEST(client_config, refuses_files_that_are_missing) {
  temp_dir dir;
  const auto missing = (dir.path() / "missing").string();
  EXPECT_NE(error_of({"--user-agent-rules", missing}).find("--user-agent-rules \"" + missing + "\" does not exist"),
            std::string::npos);
  EXPECT_NE(error_of({"--geoip-database", missing}).find("--geoip-database \"" + missing + "\" does not exist"),
            std::string::npos);
  EXPECT_NE(error_of({"--geoip-database", dir.path().string()}).find("is not a file"), std::string::npos);
}

TEST(client_config, help_lists_both_options) {
  const auto help = load({"--help"})->help_text;
  EXPECT_NE(help.find("--user-agent-rules"), std::string::npos);
  EXPECT_NE(help.find("--geoip-database"), std::string::npos);
}

}  // namespace
}  // namespace twofold::server::testing
