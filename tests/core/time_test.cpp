// ISO 8601 text of dates and times (twofold/time.hpp).
#include "twofold/time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace twofold {
namespace {

using namespace std::chrono;

timestamp at_unix(std::int64_t unix_seconds) { return timestamp{std::chrono::seconds{unix_seconds}}; }

TEST(iso_date, writes_year_month_day_with_zeros) {
  EXPECT_EQ(iso_date(year{2026} / November / 22), "2026-11-22");
  EXPECT_EQ(iso_date(year{987} / January / 5), "0987-01-05");
  EXPECT_EQ(iso_date(year{0} / January / 1), "0000-01-01");
  EXPECT_EQ(iso_date(year{9999} / December / 31), "9999-12-31");
}

TEST(iso_date, refuses_days_that_do_not_exist_and_years_beyond_four_digits) {
  EXPECT_EQ(iso_date(year{2024} / February / 29), "2024-02-29");
  EXPECT_EQ(iso_date(year{2023} / February / 29), std::nullopt);
  EXPECT_EQ(iso_date(year{2026} / April / 31), std::nullopt);
  EXPECT_EQ(iso_date(year{-1} / December / 31), std::nullopt);
  EXPECT_EQ(iso_date(year{10000} / January / 1), std::nullopt);
}

TEST(iso8601, writes_utc_to_the_second) {
  EXPECT_EQ(iso8601(at_unix(1'795'332'600)), "2026-11-22T07:30:00Z");
  EXPECT_EQ(iso8601(at_unix(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601(at_unix(1'700'000'000)), "2023-11-14T22:13:20Z");
  EXPECT_EQ(iso8601(at_unix(86'399)), "1970-01-01T23:59:59Z");
}

TEST(iso8601, counts_leap_days_by_the_gregorian_rules) {
  EXPECT_EQ(iso8601(at_unix(1'709'208'000)), "2024-02-29T12:00:00Z");         // every 4th year
  EXPECT_EQ(iso8601(at_unix(951'782'400)), "2000-02-29T00:00:00Z");           // every 400th year
  EXPECT_EQ(iso8601(at_unix(4'107'542'400)), "2100-03-01T00:00:00Z");         // not every 100th year
  EXPECT_EQ(iso8601(at_unix(4'107'542'400 - 1)), "2100-02-28T23:59:59Z");
}

TEST(iso8601, writes_times_before_1970) {
  EXPECT_EQ(iso8601(at_unix(-1)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso8601(at_unix(-2'203'891'200)), "1900-03-01T00:00:00Z");
  EXPECT_EQ(iso8601(at_unix(-2'203'891'200 - 1)), "1900-02-28T23:59:59Z");
}

TEST(iso8601, writes_the_years_0000_to_9999_and_clamps_beyond) {
  EXPECT_EQ(iso8601(earliest_iso8601), "0000-01-01T00:00:00Z");
  EXPECT_EQ(iso8601(latest_iso8601), "9999-12-31T23:59:59Z");
  EXPECT_EQ(iso8601(earliest_iso8601 - seconds{1}), "0000-01-01T00:00:00Z");
  EXPECT_EQ(iso8601(latest_iso8601 + seconds{1}), "9999-12-31T23:59:59Z");
  EXPECT_EQ(iso8601(at_unix(std::numeric_limits<std::int64_t>::min())), "0000-01-01T00:00:00Z");
  EXPECT_EQ(iso8601(at_unix(std::numeric_limits<std::int64_t>::max())), "9999-12-31T23:59:59Z");
}

TEST(iso8601, range_ends_are_the_first_and_last_second_of_the_four_digit_years) {
  EXPECT_EQ(earliest_iso8601, sys_days{year{0} / January / 1});
  EXPECT_EQ(latest_iso8601, sys_days{year{10000} / January / 1} - seconds{1});
}

}  // namespace
}  // namespace twofold
