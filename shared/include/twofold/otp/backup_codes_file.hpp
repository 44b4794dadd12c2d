#pragma once
// The backup codes as a text file the user downloads or prints: who they
// belong to, when they were made, the codes, and how to use and keep them,
// in the user's language (texts from the catalog, keys "backup_codes.file_*").
//
//   Twofold backup codes
//
//   Company: Acme
//   Account: alice
//   Created: 2026-11-22
//
//    1. 7QXK-M2D9-AB3F-4P
//   ...
//   10. ...
//
//   <how to use them>
//   <how to keep them>
//
// Lines end in "\n". The date is the caller's: the day the codes were made
// in the user's time zone (local_date turns a time and UTC offset into it).
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/i18n/catalog.hpp"
#include "twofold/result.hpp"
#include "twofold/time.hpp"

namespace twofold::otp {

struct backup_codes_sheet {
  std::string product;  // e.g. "Twofold"
  std::string company;
  std::string account;
  std::chrono::year_month_day created;
  std::vector<std::string> codes;  // as typed or displayed; written in display form
};

enum class backup_sheet_error {
  no_codes,
  invalid_code,  // a code normalize_backup_code refuses
  invalid_date,  // not a calendar date, or a year outside 0000-9999
};

[[nodiscard]] std::string_view error_code(backup_sheet_error error);

[[nodiscard]] result<std::string, backup_sheet_error> backup_codes_file(const backup_codes_sheet& sheet,
                                                                      i18n::language lang);

// The calendar day at `now` for someone whose clock reads UTC + utc_offset.
[[nodiscard]] std::chrono::year_month_day local_date(timestamp now, std::chrono::minutes utc_offset);

}  // namespace twofold::otp
