#include "runtime/bounded_json.hpp"

#include <string>

namespace twofold::server {

namespace {

// Counts as nlohmann's parser reads; returning false stops the parse at once.
class limit_counter final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit limit_counter(const json_limits& limits) : limits_(limits) {}

  [[nodiscard]] bool over_limits() const { return over_limits_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return value() && enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return value() && enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool value() { return within(++values_ <= limits_.max_values); }
  bool enter() { return within(++depth_ <= limits_.max_depth); }
  bool leave() {
    --depth_;
    return true;
  }
  bool within(bool ok) {
    over_limits_ = over_limits_ || !ok;
    return ok;
  }

  const json_limits& limits_;
  std::size_t values_ = 0;
  std::size_t depth_ = 0;
  bool over_limits_ = false;
};

}  // namespace

result<nlohmann::json, json_refusal> parse_bounded_json(std::string_view text, const json_limits& limits) {
  limit_counter counter(limits);
  if (!nlohmann::json::sax_parse(text, &counter)) {
    return failure{counter.over_limits() ? json_refusal::too_complex : json_refusal::malformed};
  }
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return failure{json_refusal::malformed};
  return parsed;
}

}  // namespace twofold::server
