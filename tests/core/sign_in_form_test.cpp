// validate_sign_in against the shared vectors, plus properties the vectors
// cannot state one case at a time.
#include "twofold/validation/sign_in_form.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "sign_in_vectors.hpp"

namespace twofold {
namespace {

field_errors expected_errors(const nlohmann::json& expect) {
  field_errors errors;
  for (const auto& error : expect.at("errors")) {
    errors.push_back({error.at("field").get<std::string>(), error.at("code").get<std::string>(),
                      error.at("message_key").get<std::string>()});
  }
  return errors;
}

std::string kind_name(account_kind kind) { return kind == account_kind::email ? "email" : "username"; }

TEST(sign_in_form, matches_every_shared_vector) {
  const auto vectors = test::sign_in_vectors();
  ASSERT_GE(vectors.size(), 100u);
  for (const auto& vector : vectors) {
    SCOPED_TRACE(vector.name);
    const auto validation = validate_sign_in(vector.form);
    EXPECT_EQ(validation.ok(), vector.expect.at("ok").get<bool>());
    EXPECT_EQ(validation.errors, expected_errors(vector.expect));
    if (validation.ok() && vector.expect.at("ok").get<bool>()) {
      const auto& normalized = vector.expect.at("normalized");
      EXPECT_EQ(validation.normalized.company, normalized.at("company").get<std::string>());
      EXPECT_EQ(validation.normalized.account, normalized.at("account").get<std::string>());
      EXPECT_EQ(validation.normalized.password, normalized.at("password").get<std::string>());
      EXPECT_EQ(kind_name(validation.kind), vector.expect.at("account_kind").get<std::string>());
    }
  }
}

TEST(sign_in_form, vectors_cover_every_error_code_for_every_field_it_applies_to) {
  std::set<std::string> seen;
  for (const auto& vector : test::sign_in_vectors()) {
    for (const auto& error : vector.expect.at("errors")) {
      seen.insert(error.at("field").get<std::string>() + "." + error.at("code").get<std::string>());
    }
  }
  const std::set<std::string> expected{
      "company.required", "company.too_long", "company.invalid_utf8", "company.control_characters",
      "account.required", "account.too_long", "account.invalid_utf8", "account.control_characters",
      "account.invalid_account", "password.required", "password.too_long", "password.invalid_utf8"};
  EXPECT_EQ(seen, expected);
}

TEST(sign_in_form, normalized_forms_validate_to_themselves) {
  for (const auto& vector : test::sign_in_vectors()) {
    const auto first = validate_sign_in(vector.form);
    if (!first.ok()) continue;
    SCOPED_TRACE(vector.name);
    const auto second = validate_sign_in(first.normalized);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second.normalized.company, first.normalized.company);
    EXPECT_EQ(second.normalized.account, first.normalized.account);
    EXPECT_EQ(second.normalized.password, first.normalized.password);
    EXPECT_EQ(second.kind, first.kind);
  }
}

TEST(sign_in_form, every_error_names_its_catalog_key) {
  for (const auto& vector : test::sign_in_vectors()) {
    for (const auto& error : validate_sign_in(vector.form).errors) {
      EXPECT_EQ(error.message_key, "validation." + error.code) << vector.name;
    }
  }
}

TEST(normalize_company_key, trims_and_lower_cases_ascii) {
  EXPECT_EQ(normalize_company_key("  Acme Ltd\t"), "acme ltd");
  EXPECT_EQ(normalize_company_key("\u3000ACME\u00a0"), "acme");
  EXPECT_EQ(normalize_company_key("acme"), normalize_company_key("ACME"));
}

TEST(normalize_company_key, keeps_inner_white_space_and_non_ascii_letters) {
  EXPECT_EQ(normalize_company_key("Acme  Support"), "acme  support");
  EXPECT_EQ(normalize_company_key("ÀCME 示例"), "Àcme 示例");
}

TEST(normalize_company_key, gives_invalid_utf8_an_empty_key_that_no_valid_company_has) {
  EXPECT_EQ(normalize_company_key("Acme\xc3"), "");
  EXPECT_FALSE(validate_sign_in({"", "alice", "pw"}).ok());
}

}  // namespace
}  // namespace twofold
