#include "twofold/i18n/message_format.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <system_error>

#include "twofold/i18n/plural_rules.hpp"

namespace twofold::i18n {
namespace {

// --- The parsed pattern ---------------------------------------------------

struct node;
using sequence = std::vector<node>;

struct literal {
  std::string_view text;
};

struct number_sign {};  // '#' in a plural branch

struct placeholder {
  std::string_view name;
  std::string_view source;  // "{name}" as written
};

// =N or a category.
using selector = std::variant<std::int64_t, plural_category>;

struct branch {
  selector when;
  sequence body;
};

struct plural {
  std::string_view name;
  std::string_view source;  // the whole "{name, plural, …}" as written
  std::vector<branch> branches;
};

struct node {
  std::variant<literal, number_sign, placeholder, plural> part;
};

// --- Parsing ----------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A decimal integer in int64 range, the whole text: "12", "-3", "007".
std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

std::optional<selector> parse_selector(std::string_view word) {
  if (word.starts_with('=')) {
    if (const auto exact = parse_integer(word.substr(1))) return selector{*exact};
    return std::nullopt;
  }
  if (const auto category = parse_plural_category(word)) return selector{*category};
  return std::nullopt;
}

bool has_other(const std::vector<branch>& branches) {
  return std::any_of(branches.begin(), branches.end(),
                     [](const branch& b) { return b.when == selector{plural_category::other}; });
}

// Reads a whole pattern or stops at the first fault. `depth` counts the
// plurals around the text being read (0 at the top).
class parser {
 public:
  explicit parser(std::string_view pattern) : text_(pattern) {}

  result<sequence, pattern_error> parse() {
    auto parts = parse_sequence(0);
    if (error_) return failure{*error_};
    return parts;
  }

 private:
  [[nodiscard]] bool at_end() const { return at_ >= text_.size(); }
  [[nodiscard]] char peek() const { return text_[at_]; }

  void fail(pattern_error error) {
    if (!error_) error_ = error;
  }

  // The end of the text where more was expected is an unclosed brace;
  // anything else there is `otherwise`.
  void fail_here(pattern_error otherwise) { fail(at_end() ? pattern_error::unbalanced_brace : otherwise); }

  void skip_space() {
    while (!at_end() && is_space(peek())) ++at_;
  }

  std::string_view read_while(bool (*accept)(char)) {
    const auto start = at_;
    while (!at_end() && accept(peek())) ++at_;
    return text_.substr(start, at_ - start);
  }

  // Up to the end (depth 0) or up to the '}' that closes a branch (left unread).
  sequence parse_sequence(int depth) {
    sequence parts;
    while (!error_ && !at_end()) {
      const char c = peek();
      if (c == '}') {
        if (depth == 0) fail(pattern_error::unbalanced_brace);
        break;
      }
      if (c == '{') {
        if (auto argument = parse_argument(depth)) parts.push_back(std::move(*argument));
      } else if (c == '#' && depth > 0) {
        ++at_;
        parts.push_back({number_sign{}});
      } else {
        parts.push_back({literal{read_text(depth)}});
      }
    }
    return parts;
  }

  // Plain text up to the next brace, or the next '#' inside a plural.
  std::string_view read_text(int depth) {
    const auto start = at_;
    while (!at_end() && peek() != '{' && peek() != '}' && !(peek() == '#' && depth > 0)) ++at_;
    return text_.substr(start, at_ - start);
  }

  // At a '{': "{name}" or "{name, plural, …}".
  std::optional<node> parse_argument(int depth) {
    const auto start = at_++;
    skip_space();
    const auto name = read_while(is_name_char);
    skip_space();
    if (name.empty() || at_end() || (peek() != '}' && peek() != ',')) {
      fail_here(pattern_error::invalid_argument);
      return std::nullopt;
    }
    if (peek() == '}') {
      ++at_;
      return node{placeholder{name, text_.substr(start, at_ - start)}};
    }
    ++at_;  // ','
    if (!read_plural_keyword()) return std::nullopt;
    if (depth + 1 > max_plural_nesting) {
      fail(pattern_error::too_deep);
      return std::nullopt;
    }
    auto branches = parse_branches(depth + 1);
    if (error_) return std::nullopt;
    return node{plural{name, text_.substr(start, at_ - start), std::move(branches)}};
  }

  // " plural ," after the name's comma.
  bool read_plural_keyword() {
    skip_space();
    const auto type = read_while(is_name_char);
    skip_space();
    if (type.empty()) {
      fail_here(pattern_error::invalid_argument);
    } else if (type != "plural") {
      fail(pattern_error::unsupported_type);
    } else if (at_end() || peek() != ',') {
      fail_here(pattern_error::invalid_argument);
    } else {
      ++at_;
      return true;
    }
    return false;
  }

  // "sel {…} sel {…} … }", the closing '}' included.
  std::vector<branch> parse_branches(int depth) {
    std::vector<branch> branches;
    for (skip_space(); !error_; skip_space()) {
      if (at_end()) {
        fail(pattern_error::unbalanced_brace);
      } else if (peek() == '}') {
        ++at_;
        if (!has_other(branches)) fail(pattern_error::missing_other);
        break;
      } else if (auto next = parse_branch(depth, branches)) {
        branches.push_back(std::move(*next));
      }
    }
    return branches;
  }

  // "sel {…}"; a selector already among `earlier` is an error.
  std::optional<branch> parse_branch(int depth, const std::vector<branch>& earlier) {
    const auto when = parse_selector(read_while([](char c) { return !is_space(c) && c != '{' && c != '}'; }));
    const bool repeated = when && std::any_of(earlier.begin(), earlier.end(),
                                              [&](const branch& b) { return b.when == *when; });
    skip_space();
    if (!when || repeated || at_end() || peek() != '{') {
      fail_here(pattern_error::invalid_branch);
      return std::nullopt;
    }
    ++at_;
    auto body = parse_sequence(depth);
    if (!error_ && at_end()) fail(pattern_error::unbalanced_brace);
    if (error_) return std::nullopt;
    ++at_;  // the branch's '}'
    return branch{*when, std::move(body)};
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::optional<pattern_error> error_;
};

// --- Formatting -------------------------------------------------------------

std::string text_of(const message_value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  return std::get<std::string>(value);
}

std::optional<std::int64_t> number_of(const message_value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  return parse_integer(std::get<std::string>(value));
}

// An exact match first, then the number's category, then `other`.
const branch& chosen_branch(const plural& p, language lang, std::optional<std::int64_t> number) {
  const auto find = [&](const selector& wanted) {
    return std::find_if(p.branches.begin(), p.branches.end(), [&](const branch& b) { return b.when == wanted; });
  };
  if (number) {
    if (const auto exact = find(*number); exact != p.branches.end()) return *exact;
    if (const auto category = find(plural_category_of(lang, *number)); category != p.branches.end()) return *category;
  }
  return *find(plural_category::other);  // the parser made sure there is one
}

class formatter {
 public:
  formatter(language lang, const message_arguments& args) : lang_(lang), args_(args) {}

  // `number_text` is what '#' stands for (empty outside plurals).
  void write(const sequence& parts, const std::string& number_text, std::string& out) const {
    for (const auto& part : parts) {
      if (const auto* text = std::get_if<literal>(&part.part)) {
        out += text->text;
      } else if (std::holds_alternative<number_sign>(part.part)) {
        out += number_text;
      } else if (const auto* name = std::get_if<placeholder>(&part.part)) {
        const auto* value = find(name->name);
        out += value ? text_of(*value) : std::string(name->source);
      } else {
        write_plural(std::get<plural>(part.part), out);
      }
    }
  }

 private:
  void write_plural(const plural& p, std::string& out) const {
    const auto* value = find(p.name);
    if (!value) {
      out += p.source;
      return;
    }
    write(chosen_branch(p, lang_, number_of(*value)).body, text_of(*value), out);
  }

  [[nodiscard]] const message_value* find(std::string_view name) const {
    const auto found =
        std::find_if(args_.begin(), args_.end(), [&](const auto& argument) { return argument.first == name; });
    return found == args_.end() ? nullptr : &found->second;
  }

  language lang_;
  const message_arguments& args_;
};

void collect_names(const sequence& parts, std::set<std::string>& names) {
  for (const auto& part : parts) {
    if (const auto* name = std::get_if<placeholder>(&part.part)) names.emplace(name->name);
    if (const auto* p = std::get_if<plural>(&part.part)) {
      names.emplace(p->name);
      for (const auto& b : p->branches) collect_names(b.body, names);
    }
  }
}

}  // namespace

result<std::set<std::string>, pattern_error> pattern_arguments(std::string_view pattern) {
  const auto parsed = parser(pattern).parse();
  if (!parsed) return failure{parsed.error()};
  std::set<std::string> names;
  collect_names(*parsed, names);
  return names;
}

std::string format_pattern(language lang, std::string_view pattern, const message_arguments& args) {
  const auto parsed = parser(pattern).parse();
  if (!parsed) return std::string(pattern);
  std::string out;
  formatter(lang, args).write(*parsed, {}, out);
  return out;
}

std::string format(language lang, std::string_view key, const message_arguments& args) {
  const auto found = find_translation(lang, key);
  return format_pattern(found.written_in, found.text, args);
}

}  // namespace twofold::i18n
