#include "sms/sms_channel.hpp"

#include <iterator>

namespace twofold::server {

std::vector<outbox_message> sms_channel::claim_due(timestamp now, std::size_t limit, std::string_view claimer,
                                                   timestamp lease_until) {
  auto claimed = store_.claim_due_sms(now, limit, claimer, lease_until);
  return {std::make_move_iterator(claimed.begin()), std::make_move_iterator(claimed.end())};
}

}  // namespace twofold::server
