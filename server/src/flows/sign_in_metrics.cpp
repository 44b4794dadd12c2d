#include "flows/sign_in_metrics.hpp"

#include "runtime/overloaded.hpp"
#include "runtime/server_metrics.hpp"

namespace twofold::server {

namespace {

sign_in_result password_result(const sign_in_outcome& outcome) {
  return std::visit(overloaded{
                        [](const signed_in& done) {
                          return done.setup_required ? sign_in_result::setup_required : sign_in_result::signed_in;
                        },
                        [](const flow_waiting& next) {
                          return next.flow.state == sign_in_state::new_password ? sign_in_result::new_password
                                                                                : sign_in_result::second_factor;
                        },
                        [](const sign_in_throttled&) { return sign_in_result::throttled; },
                        [](const account_locked&) { return sign_in_result::locked; },
                        // A password step ends in nothing else; whatever did, it let nobody in.
                        [](const auto&) { return sign_in_result::denied; },
                    },
                    outcome);
}

code_result code_step_result(const sign_in_outcome& outcome) {
  return std::visit(overloaded{
                        [](const signed_in&) { return code_result::right; },
                        [](const flow_waiting&) { return code_result::right; },  // on to a new password
                        [](const code_rejected&) { return code_result::wrong; },
                        [](const account_locked&) { return code_result::locked; },
                        [](const flow_gone&) { return code_result::expired; },
                        [](const auto&) { return code_result::refused; },
                    },
                    outcome);
}

}  // namespace

void count_password_step(const sign_in_outcome& outcome) {
  server_metrics::process().sign_in_step(password_result(outcome));
}

void count_code_step(const sign_in_outcome& outcome) {
  server_metrics::process().second_factor_code(code_step_result(outcome));
}

}  // namespace twofold::server
