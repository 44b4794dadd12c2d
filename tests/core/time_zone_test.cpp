#include "twofold/validation/time_zone.hpp"

#include <string>

#include <gtest/gtest.h>

namespace twofold {
namespace {

TEST(time_zone_test, accepts_the_names_browsers_report) {
  for (const auto* name : {"UTC", "Europe/Berlin", "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT+5",
                           "Etc/GMT-14", "America/Port-au-Prince"}) {
    EXPECT_EQ(check_time_zone(name), std::nullopt) << name;
  }
}

TEST(time_zone_test, refuses_what_no_zone_is_named) {
  for (const auto* name : {"", "/", "Europe/", "/Berlin", "Europe//Berlin", "../etc/passwd", "Europe/Ber lin",
                           "-Europe", "Europe/<b>", "Europe\nBerlin"}) {
    const auto error = check_time_zone(name);
    ASSERT_TRUE(error.has_value()) << name;
    EXPECT_EQ(error->field, "time_zone");
    EXPECT_EQ(error->code, "invalid_time_zone");
  }
}

TEST(time_zone_test, caps_the_length) {
  EXPECT_EQ(check_time_zone(std::string(max_time_zone_length, 'a')), std::nullopt);
  EXPECT_TRUE(check_time_zone(std::string(max_time_zone_length + 1, 'a')).has_value());
}

}  // namespace
}  // namespace twofold
