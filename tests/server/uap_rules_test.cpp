// uap-core's specification on small rule sets written here
// (client/uap_rules.hpp): first match wins, $1..$9, positions, trimming,
// case-insensitive devices; rules RE2 refuses are skipped and logged; a file
// that is no rule set is an error.
#include "client/uap_rules.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "client/user_agent_parser.hpp"
#include "runtime/logger.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

class uap_rules_test : public ::testing::Test {
 protected:
  uap_rules load(std::string_view yaml) {
    write_file(file_, yaml);
    auto rules = uap_rules::load(file_);
    if (!rules) throw std::runtime_error(rules.error());
    return std::move(rules).value();
  }

  temp_dir dir_;
  std::filesystem::path file_ = dir_.path() / "regexes.yaml";
};

constexpr std::string_view empty_lists = "user_agent_parsers: []\nos_parsers: []\ndevice_parsers: []\n";

TEST_F(uap_rules_test, takes_the_first_rule_that_matches_anywhere) {
  const auto rules = load(R"(
user_agent_parsers:
  - regex: '(Fire\w+)/(\d+)\.(\d+)'
  - regex: '(Firefox)/(\d+)'
    family_replacement: 'Second'
os_parsers: []
device_parsers: []
)");
  const auto found = rules.match("Mozilla/5.0 Firefox/121.0");
  EXPECT_EQ(found.agent.family, "Firefox");
  EXPECT_EQ(found.agent.major, "121");
  EXPECT_EQ(found.agent.minor, "0");
  EXPECT_EQ(found.agent.patch, std::nullopt);
  EXPECT_EQ(found.os.family, "Other");
  EXPECT_EQ(found.device.family, "Other");
  EXPECT_EQ(found.device.brand, std::nullopt);
}

TEST_F(uap_rules_test, inserts_groups_into_replacements) {
  const auto rules = load(R"(
user_agent_parsers:
  - regex: '(Namoroka|Minefield)/(\d+)\.(\d+)\.(\d+(?:pre|))'
    family_replacement: 'Firefox ($1)'
  - regex: 'Build (\d+)-(\d+)'
    family_replacement: 'Builder'
    v1_replacement: '$2'
    v2_replacement: '$9'
os_parsers:
  - regex: 'Win(95|98|NT)'
    os_replacement: 'Windows $1'
    os_v1_replacement: 'x$1y'
device_parsers:
  - regex: '; *(PEDI)_(PLUS)_(W) Build'
    device_replacement: 'Odys $1 $2 $3'
    brand_replacement: 'Odys'
    model_replacement: '$1 $2 $3'
)");
  // The specification's own examples.
  const auto minefield = rules.match("Mozilla/5.0 (Windows; Windows NT 5.1; rv:2.0b3pre) Gecko/20100727 Minefield/4.0.1pre");
  EXPECT_EQ(minefield.agent.family, "Firefox (Minefield)");
  EXPECT_EQ(minefield.agent.major, "4");
  EXPECT_EQ(minefield.agent.patch, "1pre");
  EXPECT_EQ(rules.match("Mozilla/5.0 (Windows; U; Win95; en-US)").os.family, "Windows 95");
  EXPECT_EQ(rules.match("Mozilla/5.0 (Windows; U; Win95; en-US)").os.major, "x95y");
  const auto odys = rules.match("Mozilla/5.0 (Linux; U; Android 4.2.2; de-de; PEDI_PLUS_W Build/JDQ39)");
  EXPECT_EQ(odys.device.family, "Odys PEDI PLUS W");
  EXPECT_EQ(odys.device.brand, "Odys");
  EXPECT_EQ(odys.device.model, "PEDI PLUS W");
  // $2 anywhere; $9 of a rule with two groups is empty, and empty is absent.
  const auto builder = rules.match("Build 7-42");
  EXPECT_EQ(builder.agent.family, "Builder");
  EXPECT_EQ(builder.agent.major, "42");
  EXPECT_EQ(builder.agent.minor, std::nullopt);
}

TEST_F(uap_rules_test, trims_values_and_leaves_empty_ones_absent) {
  const auto rules = load(R"(
user_agent_parsers:
  - regex: 'App/( *)(\d*)'
os_parsers: []
device_parsers:
  - regex: '\((  Phone X )\)'
    brand_replacement: ' Acme '
)");
  const auto app = rules.match("App/ ");
  EXPECT_EQ(app.agent.family, "Other") << "a family that is all blanks";
  EXPECT_EQ(app.agent.major, std::nullopt);
  const auto phone = rules.match("(  Phone X )");
  EXPECT_EQ(phone.device.family, "Phone X");
  EXPECT_EQ(phone.device.model, "Phone X");
  EXPECT_EQ(phone.device.brand, "Acme");
}

TEST_F(uap_rules_test, matches_case_insensitively_only_when_the_rule_says_so) {
  const auto rules = load(R"(
user_agent_parsers: []
os_parsers: []
device_parsers:
  - regex: '(feature ?phone)'
    device_replacement: 'Strict'
  - regex: '(feature ?phone)'
    regex_flag: 'i'
    device_replacement: 'Generic Feature Phone'
)");
  EXPECT_EQ(rules.match("a featurephone").device.family, "Strict");
  EXPECT_EQ(rules.match("A FeaturePhone").device.family, "Generic Feature Phone");
}

TEST_F(uap_rules_test, skips_rules_re2_cannot_compile_and_logs_them) {
  write_file(file_, R"(
user_agent_parsers:
  - regex: '(Safari)(?=/)'
  - regex: '(Safari)/(\d+)'
  - family_replacement: 'no regex at all'
os_parsers: []
device_parsers: []
)");
  std::ostringstream log_text;
  logger log(log_text);
  const auto parser = user_agent_parser::load(file_, log);
  ASSERT_TRUE(parser) << parser.error();
  EXPECT_EQ(parser->rule_count(), 1U);
  EXPECT_EQ(parser->skipped_rule_count(), 2U);
  EXPECT_EQ(parser->parse("Safari/605").browser, "Safari");
  EXPECT_NE(log_text.str().find(R"("event":"user_agent.rule_skipped")"), std::string::npos) << log_text.str();
  EXPECT_NE(log_text.str().find(R"("skipped":2)"), std::string::npos) << log_text.str();
}

TEST_F(uap_rules_test, refuses_a_file_that_is_no_rule_set) {
  const auto missing = uap_rules::load(dir_.path() / "missing.yaml");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("missing.yaml"), std::string::npos) << missing.error();
  write_file(file_, "user_agent_parsers: []\n");
  EXPECT_FALSE(uap_rules::load(file_)) << "no os_parsers";
  write_file(file_, "user_agent_parsers: [\n");
  EXPECT_FALSE(uap_rules::load(file_)) << "not YAML";
  write_file(file_, "- just a list\n");
  EXPECT_FALSE(uap_rules::load(file_));
  write_file(file_, empty_lists);
  EXPECT_EQ(uap_rules::load(file_)->match("anything").agent.family, "Other");
}

}  // namespace
}  // namespace twofold::server::testing
