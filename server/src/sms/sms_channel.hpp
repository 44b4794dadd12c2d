#pragma once
// The SMS outbox as a channel of the outbox sender (mail/outbox_sender.hpp):
// storage's SMS queue and an SMS transport (a folder or a gateway).
#include "mail/outbox_channel.hpp"
#include "sms/sms_transport.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

class sms_channel final : public outbox_channel {
 public:
  sms_channel(storage& store, sms_transport& transport) : store_(store), transport_(transport) {}

  [[nodiscard]] std::string_view name() const override { return "sms"; }
  [[nodiscard]] std::vector<outbox_message> claim_due(timestamp now, std::size_t limit, std::string_view claimer,
                                                      timestamp lease_until) override;
  [[nodiscard]] std::optional<timestamp> next_due() override { return store_.next_sms_due(); }
  void mark_sent(row_id id, timestamp sent_at) override { store_.mark_sms_sent(id, sent_at); }
  void record_failure(row_id id, std::string_view claimer, std::string_view error,
                      timestamp next_attempt_at) override {
    store_.record_sms_failure(id, claimer, error, next_attempt_at);
  }
  void release_unsent(std::string_view claimer, timestamp now) override { store_.release_unsent_sms(claimer, now); }
  [[nodiscard]] delivery_result deliver(const outbox_message& message) override {
    return transport_.deliver(std::get<outbox_sms_record>(message));
  }
  [[nodiscard]] std::chrono::seconds longest_attempt() const override { return transport_.longest_attempt(); }

 private:
  storage& store_;
  sms_transport& transport_;
};

}  // namespace twofold::server
