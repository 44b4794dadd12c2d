// How long the core's checks take on the sign-in path: they run in the
// browser on every submit and on the server for every request. And the QR
// code an authenticator app scans, drawn once per enrolment.
#include <benchmark/benchmark.h>

#include <string>

#include "twofold/i18n/catalog.hpp"
#include "twofold/qr/qr_code.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace {

void bm_validate_sign_in_username(benchmark::State& state) {
  const twofold::sign_in_form form{"Demo Company", "Agent.Smith", "correct horse battery staple"};
  for (auto _ : state) benchmark::DoNotOptimize(twofold::validate_sign_in(form));
}
BENCHMARK(bm_validate_sign_in_username);

void bm_validate_sign_in_email_max_password(benchmark::State& state) {
  const twofold::sign_in_form form{"示例公司", "someone.with.a.long.name@support.example.com",
                                   std::string(twofold::password_max_code_points, 'p')};
  for (auto _ : state) benchmark::DoNotOptimize(twofold::validate_sign_in(form));
}
BENCHMARK(bm_validate_sign_in_email_max_password);

void bm_translate(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(twofold::i18n::translate(twofold::i18n::language::zh_cn, "error.sign_in_failed"));
  }
}
BENCHMARK(bm_translate);

void bm_otpauth_qr_svg(benchmark::State& state) {
  const std::string uri =
      "otpauth://totp/CloudCX:agent.smith%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=CloudCX"
      "&algorithm=SHA1&digits=6&period=30";
  for (auto _ : state) {
    const auto code = twofold::qr::encode_text(uri, {.level = twofold::qr::error_correction::medium});
    benchmark::DoNotOptimize(twofold::qr::to_svg(*code, 4));
  }
}
BENCHMARK(bm_otpauth_qr_svg);

}  // namespace
