#include "app/setup_gate.hpp"

#include <nlohmann/json.hpp>

#include "storage/storage.hpp"

namespace twofold::server {

void mark_setup_required(http_response& answer) {
  auto body = nlohmann::json::parse(answer.body);
  body["home"] = two_factor_setup_home;
  body["two_factor_setup_required"] = true;
  answer.body = body.dump();
}

bool setup_gate::setup_required(const user& account) const {
  return account.company_two_factor.require_two_factor && !store_.find_two_factor(account.id);
}

}  // namespace twofold::server
