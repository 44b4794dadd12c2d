// The backup codes text file (twofold/otp/backup_codes_file.hpp).
#include "twofold/otp/backup_codes_file.hpp"

#include <gtest/gtest.h>

namespace twofold::otp {
namespace {

using namespace std::chrono;

backup_codes_sheet example_sheet() {
  return {.product = "Twofold",
          .company = "Acme",
          .account = "alice",
          .created = year{2026} / November / 22,
          .codes = {"0123-4567-89AB-CD", "zzzzzzzzzzzzzz"}};
}

std::string file_text(const backup_codes_sheet& sheet, i18n::language lang) {
  const auto file = backup_codes_file(sheet, lang);
  EXPECT_TRUE(file);
  return file ? *file : std::string{};
}

TEST(backup_codes_file, lists_the_owner_date_codes_and_instructions_in_english) {
  const auto expected = std::string("Twofold backup codes\n\nCompany: Acme\nAccount: alice\nCreated: 2026-11-22\n\n") +
                        "1. 0123-4567-89AB-CD\n2. ZZZZ-ZZZZ-ZZZZ-ZZ\n\n" +
                        std::string(i18n::translate(i18n::language::en, "backup_codes.file_usage")) + "\n" +
                        std::string(i18n::translate(i18n::language::en, "backup_codes.file_keep_safe")) + "\n";
  EXPECT_EQ(file_text(example_sheet(), i18n::language::en), expected);
}

TEST(backup_codes_file, speaks_the_users_language) {
  const auto text = file_text(example_sheet(), i18n::language::zh_cn);
  EXPECT_EQ(text.rfind("Twofold 备用验证码\n\n公司：Acme\n账号：alice\n生成日期：2026-11-22\n\n", 0), 0U) << text;
  EXPECT_NE(text.find(i18n::translate(i18n::language::zh_cn, "backup_codes.file_usage")), std::string::npos);
  EXPECT_NE(text.find(i18n::translate(i18n::language::zh_cn, "backup_codes.file_keep_safe")), std::string::npos);
}

TEST(backup_codes_file, aligns_the_numbers_of_a_full_set) {
  auto sheet = example_sheet();
  sheet.codes.assign(10, "0000-0000-0000-00");
  const auto text = file_text(sheet, i18n::language::en);
  EXPECT_NE(text.find("\n 1. 0000-0000-0000-00\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n 9. 0000-0000-0000-00\n10. 0000-0000-0000-00\n"), std::string::npos) << text;
}

TEST(backup_codes_file, writes_names_as_given) {
  auto sheet = example_sheet();
  sheet.product = "Helpdesk {date}";
  sheet.company = "王氏 & Co";
  const auto text = file_text(sheet, i18n::language::en);
  EXPECT_EQ(text.rfind("Helpdesk {date} backup codes\n\nCompany: 王氏 & Co\n", 0), 0U) << text;
}

TEST(backup_codes_file, refuses_an_empty_list_bad_codes_and_bad_dates) {
  auto sheet = example_sheet();
  sheet.codes.clear();
  EXPECT_EQ(backup_codes_file(sheet, i18n::language::en).error(), backup_sheet_error::no_codes);
  sheet = example_sheet();
  sheet.codes.push_back("not a code");
  EXPECT_EQ(backup_codes_file(sheet, i18n::language::en).error(), backup_sheet_error::invalid_code);
  sheet = example_sheet();
  sheet.created = year{2026} / February / 30;
  EXPECT_EQ(backup_codes_file(sheet, i18n::language::en).error(), backup_sheet_error::invalid_date);
  sheet.created = year{10000} / January / 1;
  EXPECT_EQ(backup_codes_file(sheet, i18n::language::en).error(), backup_sheet_error::invalid_date);
}

TEST(local_date, is_the_day_on_the_users_clock) {
  const timestamp late_evening_utc = sys_days{year{2026} / November / 21} + hours{23} + minutes{30};
  EXPECT_EQ(local_date(late_evening_utc, minutes{0}), year{2026} / November / 21);
  EXPECT_EQ(local_date(late_evening_utc, hours{8}), year{2026} / November / 22);    // Beijing
  EXPECT_EQ(local_date(late_evening_utc, minutes{30}), year{2026} / November / 22);
  EXPECT_EQ(local_date(late_evening_utc, minutes{29}), year{2026} / November / 21);
  const timestamp just_after_midnight_utc = sys_days{year{2026} / January / 1} + minutes{5};
  EXPECT_EQ(local_date(just_after_midnight_utc, hours{-5}), year{2025} / December / 31);  // New York
}

TEST(backup_codes_file, errors_have_stable_names) {
  EXPECT_EQ(error_code(backup_sheet_error::no_codes), "no_codes");
  EXPECT_EQ(error_code(backup_sheet_error::invalid_code), "invalid_code");
  EXPECT_EQ(error_code(backup_sheet_error::invalid_date), "invalid_date");
}

}  // namespace
}  // namespace twofold::otp
