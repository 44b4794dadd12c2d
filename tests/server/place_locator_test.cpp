// Places of addresses (client/place_locator.hpp) in a database written for
// the tests by tests/support/make_test_mmdb.pl with MaxMind's own writer.
#include "client/place_locator.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

using names = std::map<std::string, std::string>;

class place_locator_test : public ::testing::Test {
 protected:
  static place_locator open_test_database() {
    auto locator = place_locator::load(std::filesystem::path(TWOFOLD_TEST_LOCATIONS_MMDB));
    if (!locator) throw std::runtime_error(locator.error());
    return std::move(locator).value();
  }

  place_locator locator_ = open_test_database();
};

TEST_F(place_locator_test, names_a_known_address_in_every_language_of_the_database) {
  ASSERT_TRUE(locator_.has_database());
  EXPECT_EQ(locator_.locate("127.0.0.1"), (place{.network = "127.0.0.1/32",
                                                 .country_code = "DE",
                                                 .city_names = names{{"en", "Berlin"}, {"zh-CN", "柏林"}},
                                                 .country_names = names{{"en", "Germany"}, {"zh-CN", "德国"}}}));
  EXPECT_EQ(locator_.locate("127.0.0.2"), (place{.network = "127.0.0.2/32",
                                                 .country_code = "JP",
                                                 .city_names = names{{"en", "Tokyo"}, {"zh-CN", "东京"}},
                                                 .country_names = names{{"en", "Japan"}, {"zh-CN", "日本"}}}));
}

TEST_F(place_locator_test, gives_the_databases_network_of_the_address) {
  const auto paris = locator_.locate("198.51.100.77");
  EXPECT_EQ(paris.network, "198.51.100.0/24");
  EXPECT_EQ(paris.country_code, "FR");
  EXPECT_EQ(paris.city_names.at("en"), "Paris");
}

TEST_F(place_locator_test, knows_a_country_without_a_city) {
  const auto found = locator_.locate("203.0.113.9");
  EXPECT_EQ(found.country_code, "AU");
  EXPECT_EQ(found.country_names.at("zh-CN"), "澳大利亚");
  EXPECT_TRUE(found.city_names.empty());
}

TEST_F(place_locator_test, finds_ipv6_and_ipv4_mapped_addresses) {
  const auto sao_paulo = locator_.locate("2001:db8:1:abcd::42");
  EXPECT_EQ(sao_paulo.network, "2001:db8:1::/48");
  EXPECT_EQ(sao_paulo.country_code, "BR");
  EXPECT_EQ(sao_paulo.city_names, (names{{"en", "São Paulo"}, {"zh-CN", "圣保罗"}}));
  EXPECT_EQ(locator_.locate("::ffff:127.0.0.2"), locator_.locate("127.0.0.2"));
  EXPECT_EQ(locator_.locate("::ffff:198.51.100.1").network, "198.51.100.0/24");
}

TEST_F(place_locator_test, gives_only_the_network_of_an_address_the_database_lacks) {
  EXPECT_EQ(locator_.locate("127.0.0.3"), (place{.network = "127.0.0.0/24", .country_code = "", .city_names = {},
                                                 .country_names = {}}));
  EXPECT_EQ(locator_.locate("2001:db8:2::1"), (place{.network = "2001:db8:2::/48", .country_code = "",
                                                     .city_names = {}, .country_names = {}}));
  EXPECT_EQ(locator_.locate("::ffff:192.0.2.1").network, "192.0.2.0/24");
}

TEST_F(place_locator_test, gives_an_empty_place_for_text_that_is_no_address) {
  for (const auto* text : {"", "localhost", "999.1.1.1", "127.0.0.1:8080", "garbage\xff"}) {
    EXPECT_EQ(locator_.locate(text), place{}) << text;
  }
}

TEST_F(place_locator_test, answers_alike_from_many_threads) {
  const auto berlin = locator_.locate("127.0.0.1");
  const auto tokyo = locator_.locate("::ffff:127.0.0.2");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        if (locator_.locate("127.0.0.1") != berlin || locator_.locate("127.0.0.2") != tokyo) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : mismatches) EXPECT_EQ(count, 0);
}

TEST(place_locator, without_a_database_gives_networks_alone) {
  const auto locator = place_locator::load(std::nullopt);
  ASSERT_TRUE(locator);
  EXPECT_FALSE(locator->has_database());
  EXPECT_EQ(locator->locate("127.0.0.1"), (place{.network = "127.0.0.0/24", .country_code = "", .city_names = {},
                                                 .country_names = {}}));
  EXPECT_EQ(locator->locate("2001:db8:1::1").network, "2001:db8:1::/48");
  EXPECT_EQ(locator->locate("::ffff:10.1.2.3").network, "10.1.2.0/24");
  EXPECT_EQ(locator->locate("nonsense"), place{});
}

TEST(place_locator, refuses_a_file_that_is_no_database) {
  temp_dir dir;
  const auto missing = place_locator::load(dir.path() / "missing.mmdb");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("missing.mmdb"), std::string::npos) << missing.error();
  write_file(dir.path() / "text.mmdb", "not a database");
  const auto text = place_locator::load(dir.path() / "text.mmdb");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().find("text.mmdb"), std::string::npos) << text.error();
}

TEST(place_locator, moves_its_database_along) {
  auto locator = place_locator::load(std::filesystem::path(TWOFOLD_TEST_LOCATIONS_MMDB));
  ASSERT_TRUE(locator);
  place_locator moved = std::move(locator).value();
  EXPECT_EQ(moved.locate("127.0.0.1").country_code, "DE");
}

}  // namespace
}  // namespace twofold::server::testing
