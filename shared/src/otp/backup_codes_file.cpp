#include "twofold/otp/backup_codes_file.hpp"

#include <optional>
#include <utility>

#include "twofold/i18n/message_format.hpp"
#include "twofold/otp/backup_codes.hpp"

namespace twofold::otp {
namespace {

std::string padded(unsigned value, std::size_t width, char pad) {
  auto digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), pad);
  return digits;
}

// The display form of every code, or nullopt if one is not a backup code.
std::optional<std::vector<std::string>> display_codes(const std::vector<std::string>& codes) {
  std::vector<std::string> display;
  for (const auto& code : codes) {
    const auto checked = normalize_backup_code(code);
    if (!checked.ok()) return std::nullopt;
    display.push_back(group_backup_code(checked.code));
  }
  return display;
}

}  // namespace

std::string_view error_code(backup_sheet_error error) {
  switch (error) {
    case backup_sheet_error::no_codes: return "no_codes";
    case backup_sheet_error::invalid_code: return "invalid_code";
    case backup_sheet_error::invalid_date: return "invalid_date";
  }
  return "unknown";
}

std::chrono::year_month_day local_date(timestamp now, std::chrono::minutes utc_offset) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now + utc_offset)};
}

result<std::string, backup_sheet_error> backup_codes_file(const backup_codes_sheet& sheet, i18n::language lang) {
  if (sheet.codes.empty()) return failure{backup_sheet_error::no_codes};
  const auto codes = display_codes(sheet.codes);
  if (!codes) return failure{backup_sheet_error::invalid_code};
  const auto date = iso_date(sheet.created);
  if (!date) return failure{backup_sheet_error::invalid_date};

  std::string file = i18n::format(lang, "backup_codes.file_title", {{"product", sheet.product}}) + "\n\n";
  file += i18n::format(lang, "backup_codes.file_company", {{"company", sheet.company}}) + '\n';
  file += i18n::format(lang, "backup_codes.file_account", {{"account", sheet.account}}) + '\n';
  file += i18n::format(lang, "backup_codes.file_created", {{"date", *date}}) + "\n\n";
  const auto number_width = std::to_string(codes->size()).size();
  for (std::size_t i = 0; i < codes->size(); ++i) {
    file += padded(static_cast<unsigned>(i + 1), number_width, ' ') + ". " + (*codes)[i] + '\n';
  }
  file += '\n' + std::string(i18n::translate(lang, "backup_codes.file_usage")) + '\n';
  file += std::string(i18n::translate(lang, "backup_codes.file_keep_safe")) + '\n';
  return file;
}

}  // namespace twofold::otp
