// What one second-factor check costs the server beyond SQLite: opening the
// sealed TOTP key and trying three time steps, hashing and comparing against
// ten backup codes, and the QR code of an otpauth URI (core, both builds).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <stdexcept>

#include "two_factor/code_check.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "twofold/otp/backup_codes.hpp"
#include "twofold/qr/qr_code.hpp"

namespace {

using namespace twofold;
using namespace twofold::server;

const timestamp bench_now{std::chrono::seconds{1'795'300'000}};

server_key bench_key() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium");
  std::array<std::uint8_t, server_key::key_bytes> master{};
  randombytes_buf(master.data(), master.size());
  return server_key(master);
}

// A wrong code: all three steps of the window are computed, the worst case.
void bm_totp_check_wrong_code(benchmark::State& state) {
  const auto key = bench_key();
  const auto sealed = key.seal(new_totp_secret());
  for (auto _ : state) benchmark::DoNotOptimize(matching_totp_step(key, sealed, "000000", bench_now, std::nullopt));
}
BENCHMARK(bm_totp_check_wrong_code);

void bm_backup_code_check(benchmark::State& state) {
  const auto key = bench_key();
  const auto codes = hashed_backup_codes(key, 7, new_backup_codes(), bench_now);
  const auto typed = otp::normalize_backup_code("7QXK-M2D9-AB3F-4P").code;
  for (auto _ : state) benchmark::DoNotOptimize(matching_backup_code(key, codes, typed));
}
BENCHMARK(bm_backup_code_check);

void bm_new_backup_code_set(benchmark::State& state) {
  const auto key = bench_key();
  for (auto _ : state) benchmark::DoNotOptimize(hashed_backup_codes(key, 7, new_backup_codes(), bench_now));
}
BENCHMARK(bm_new_backup_code_set);

void bm_qr_otpauth_uri_svg(benchmark::State& state) {
  const std::string uri =
      "otpauth://totp/Twofold%20%28Acme%20Corp%29:alice%40acme.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
      "&issuer=Twofold%20%28Acme%20Corp%29&algorithm=SHA1&digits=6&period=30";
  for (auto _ : state) {
    const auto code = qr::encode_text(uri, {.level = qr::error_correction::medium});
    benchmark::DoNotOptimize(qr::to_svg(*code, 4));
  }
}
BENCHMARK(bm_qr_otpauth_uri_svg);

}  // namespace
