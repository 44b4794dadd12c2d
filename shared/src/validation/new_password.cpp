#include "twofold/validation/new_password.hpp"

#include <algorithm>
#include <vector>

#include "text/unicode_properties.hpp"
#include "text/utf8.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold {
namespace {

field_errors one_error(std::string_view field, std::string_view code) {
  return {{std::string(field), std::string(code), "validation." + std::string(code)}};
}

char32_t ascii_lower(char32_t c) { return c >= U'A' && c <= U'Z' ? c + (U'a' - U'A') : c; }

bool splits_words(char32_t c) {
  const bool ascii_alnum = (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
  return text::is_white_space(c) || (c < 0x80 && !ascii_alnum);
}

// `value`'s words in lower case, each at least context_word_min_code_points long.
void add_words(std::string_view value, std::vector<std::u32string>& words) {
  const auto decoded = text::decode_utf8(value);
  if (!decoded) return;
  std::u32string word;
  for (const char32_t c : *decoded + U' ') {
    if (!splits_words(c)) {
      word += ascii_lower(c);
      continue;
    }
    if (word.size() >= context_word_min_code_points) words.push_back(word);
    word.clear();
  }
}

std::vector<std::u32string> context_words(const password_context& context) {
  std::vector<std::u32string> words;
  add_words(context.username, words);
  add_words(context.email.substr(0, std::min(context.email.rfind('@'), context.email.size())), words);
  add_words(context.company_name, words);
  return words;
}

bool contains_context_word(std::u32string password, const password_context& context) {
  std::transform(password.begin(), password.end(), password.begin(), ascii_lower);
  const auto words = context_words(context);
  return std::any_of(words.begin(), words.end(),
                     [&](const std::u32string& word) { return password.find(word) != std::u32string::npos; });
}

}  // namespace

std::string password_blocklist_key(std::string_view text) {
  std::string key(text);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

field_errors validate_new_password(std::string_view password, std::string_view field,
                                   const new_password_checks& checks) {
  const auto decoded = text::decode_utf8(password);
  if (!decoded) return one_error(field, "invalid_utf8");
  if (decoded->empty()) return one_error(field, "required");
  if (decoded->size() > password_max_code_points) return one_error(field, "too_long");
  if (std::all_of(decoded->begin(), decoded->end(), text::is_white_space)) return one_error(field, "whitespace_only");
  if (decoded->size() < new_password_min_code_points) return one_error(field, "too_short");
  if (contains_context_word(*decoded, checks.context)) return one_error(field, "contains_account_details");
  if (checks.is_blocklisted && checks.is_blocklisted(password_blocklist_key(password))) {
    return one_error(field, "common_password");
  }
  return {};
}

}  // namespace twofold
