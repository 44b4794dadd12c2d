#include "twofold/otp/hotp.hpp"

#include <algorithm>
#include <array>

namespace twofold::otp {
namespace {

struct algorithm_info {
  hmac_algorithm id;
  std::string_view name;
  std::size_t digest_size;
};

constexpr std::array<algorithm_info, 3> algorithms{{
    {hmac_algorithm::sha1, "SHA1", 20},
    {hmac_algorithm::sha256, "SHA256", 32},
    {hmac_algorithm::sha512, "SHA512", 64},
}};

const algorithm_info& info(hmac_algorithm algorithm) { return algorithms.at(static_cast<std::size_t>(algorithm)); }

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Dynamic truncation reads 4 bytes at an offset of at most 15.
constexpr std::size_t min_hmac_bytes = 20;

constexpr std::array<std::uint32_t, max_digits + 1> powers_of_ten{
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000};

bool digits_in_range(int digits) { return digits >= min_digits && digits <= max_digits; }

}  // namespace

std::string_view algorithm_name(hmac_algorithm algorithm) { return info(algorithm).name; }

std::optional<hmac_algorithm> parse_algorithm(std::string_view name) {
  for (const auto& candidate : algorithms) {
    if (std::equal(name.begin(), name.end(), candidate.name.begin(), candidate.name.end(),
                   [](char a, char b) { return ascii_upper(a) == b; })) {
      return candidate.id;
    }
  }
  return std::nullopt;
}

std::size_t digest_size(hmac_algorithm algorithm) { return info(algorithm).digest_size; }

std::string_view error_code(otp_error error) {
  switch (error) {
    case otp_error::digits_out_of_range: return "digits_out_of_range";
    case otp_error::hmac_too_short: return "hmac_too_short";
    case otp_error::hmac_size_mismatch: return "hmac_size_mismatch";
    case otp_error::period_out_of_range: return "period_out_of_range";
    case otp_error::time_before_start: return "time_before_start";
  }
  return "unknown";
}

counter_message message_for_counter(std::uint64_t counter) {
  counter_message message{};
  for (auto byte = message.rbegin(); byte != message.rend(); ++byte) {
    *byte = static_cast<std::uint8_t>(counter & 0xffU);
    counter >>= 8U;
  }
  return message;
}

result<std::uint32_t, otp_error> dynamic_truncation(std::span<const std::uint8_t> hmac) {
  if (hmac.size() < min_hmac_bytes) return failure{otp_error::hmac_too_short};
  const std::size_t offset = hmac.back() & 0x0fU;
  // The top bit is dropped so signed and unsigned readers agree (RFC 4226 §5.3).
  return (std::uint32_t{hmac[offset]} & 0x7fU) << 24U | std::uint32_t{hmac[offset + 1]} << 16U |
         std::uint32_t{hmac[offset + 2]} << 8U | std::uint32_t{hmac[offset + 3]};
}

result<std::string, otp_error> hotp_truncate(std::span<const std::uint8_t> hmac, int digits) {
  if (!digits_in_range(digits)) return failure{otp_error::digits_out_of_range};
  const auto truncated = dynamic_truncation(hmac);
  if (!truncated) return failure{truncated.error()};
  const auto width = static_cast<std::size_t>(digits);
  auto value = *truncated % powers_of_ten.at(width);
  std::string code(width, '0');
  for (auto digit = code.rbegin(); digit != code.rend(); ++digit) {
    *digit = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

result<std::string, otp_error> hotp(const hmac_function& hmac, hmac_algorithm algorithm,
                                    std::span<const std::uint8_t> key, std::uint64_t counter, int digits) {
  if (!digits_in_range(digits)) return failure{otp_error::digits_out_of_range};
  const auto message = message_for_counter(counter);
  const auto digest = hmac(algorithm, key, message);
  if (digest.size() != digest_size(algorithm)) return failure{otp_error::hmac_size_mismatch};
  return hotp_truncate(digest, digits);
}

bool codes_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  }
  return difference == 0;
}

}  // namespace twofold::otp
