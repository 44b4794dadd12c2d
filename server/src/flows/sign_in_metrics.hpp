#pragma once
// What a sign-in step's outcome counts as on /metrics (runtime/server_metrics.hpp):
// the password step by how it ended, a typed code by whether it was right.
#include "flows/sign_in_flow.hpp"

namespace twofold::server {

// After the password step of a sign-in or a bind.
void count_password_step(const sign_in_outcome& outcome);
// After a second-factor code was submitted at sign-in.
void count_code_step(const sign_in_outcome& outcome);

}  // namespace twofold::server
