#pragma once
// The mail outbox as a channel of the outbox sender: storage's mail queue
// and a mail transport (a folder or an SMTP server).
#include "mail/outbox_channel.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

class mail_channel final : public outbox_channel {
 public:
  mail_channel(storage& store, mail_transport& transport) : store_(store), transport_(transport) {}

  [[nodiscard]] std::string_view name() const override { return "mail"; }
  [[nodiscard]] std::vector<outbox_message> claim_due(timestamp now, std::size_t limit, std::string_view claimer,
                                                      timestamp lease_until) override;
  [[nodiscard]] std::optional<timestamp> next_due() override { return store_.next_mail_due(); }
  void mark_sent(row_id id, timestamp sent_at) override { store_.mark_mail_sent(id, sent_at); }
  void record_failure(row_id id, std::string_view claimer, std::string_view error,
                      timestamp next_attempt_at) override {
    store_.record_mail_failure(id, claimer, error, next_attempt_at);
  }
  void release_unsent(std::string_view claimer, timestamp now) override { store_.release_unsent_mail(claimer, now); }
  [[nodiscard]] delivery_result deliver(const outbox_message& message) override;
  [[nodiscard]] std::chrono::seconds longest_attempt() const override { return transport_.longest_attempt(); }

 private:
  storage& store_;
  mail_transport& transport_;
};

}  // namespace twofold::server
