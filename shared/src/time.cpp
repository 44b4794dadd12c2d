#include "twofold/time.hpp"

#include <algorithm>

namespace twofold {
namespace {

// `value` in decimal, with leading zeros up to `width` digits.
std::string padded(long long value, std::size_t width) {
  auto digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace

std::optional<std::string> iso_date(std::chrono::year_month_day date) {
  const int year{date.year()};
  if (!date.ok() || year < 0 || year > 9999) return std::nullopt;
  return padded(year, 4) + '-' + padded(unsigned{date.month()}, 2) + '-' + padded(unsigned{date.day()}, 2);
}

std::string iso8601(timestamp at) {
  const auto written = std::clamp(at, earliest_iso8601, latest_iso8601);
  const auto day = std::chrono::floor<std::chrono::days>(written);
  const auto second_of_day = (written - day).count();  // [0, 86399]
  // A day in range always exists: value() cannot throw here.
  return iso_date(std::chrono::year_month_day{day}).value() + 'T' + padded(second_of_day / 3600, 2) + ':' +
         padded(second_of_day / 60 % 60, 2) + ':' + padded(second_of_day % 60, 2) + 'Z';
}

}  // namespace twofold
