#include "mail/outbox_sender.hpp"

#include <algorithm>

#include "mail/mail_retry.hpp"

namespace twofold::server {

outbox_sender::outbox_sender(storage& store, mail_transport& transport, const clock& clk, logger& log)
    : store_(store), transport_(transport), clock_(clk), log_(log) {}

outbox_sender::~outbox_sender() { stop(); }

void outbox_sender::start() {
  store_.release_unsent_mail(clock_.now());
  thread_ = std::thread([this] { run(); });
}

void outbox_sender::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void outbox_sender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool outbox_sender::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

outbox_pass outbox_sender::deliver_due() {
  outbox_pass pass;
  while (!stopping()) {
    const timestamp now = clock_.now();
    const auto batch = store_.claim_due_mail(now, batch_size, now + claim_lease);
    if (batch.empty()) break;
    for (const outbox_mail_record& mail : batch) {
      if (stopping()) break;  // the rest come back when their lease ends
      attempt(mail, pass);
    }
  }
  return pass;
}

void outbox_sender::attempt(const outbox_mail_record& mail, outbox_pass& pass) {
  const outgoing_mail outgoing{
      .id = mail.id,
      .created_at = mail.created_at,
      .message = {.to = mail.recipient, .subject = mail.subject, .text = mail.text_body, .html = mail.html_body},
  };
  const delivery_result outcome = transport_.deliver(outgoing);
  const timestamp now = clock_.now();
  if (outcome) {
    store_.mark_mail_sent(mail.id, now);
    log_.info("mail.sent", {{"outbox_id", mail.id}});
    ++pass.delivered;
    return;
  }
  const int failures = mail.attempts + 1;
  const std::chrono::seconds delay = mail_retry_delay(failures);
  store_.record_mail_failure(mail.id, outcome.error(), now + delay);
  log_.warn("mail.failed",
            {{"outbox_id", mail.id}, {"attempts", failures}, {"retry_in_s", delay.count()}, {"error", outcome.error()}});
  ++pass.failed;
}

std::chrono::steady_clock::duration outbox_sender::idle_wait() {
  const auto next = store_.next_mail_due();
  if (!next) return max_idle_wait;
  return std::clamp<std::chrono::steady_clock::duration>(*next - clock_.now(), std::chrono::seconds{0},
                                                         max_idle_wait);
}

void outbox_sender::run() {
  while (true) {
    std::chrono::steady_clock::duration wait = max_idle_wait;
    try {
      deliver_due();
      wait = idle_wait();
    } catch (const std::exception& error) {
      // The database failed (disk full, locked too long): try again later
      // rather than end the thread.
      log_.error("mail.outbox_failed", {{"error", error.what()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, wait, [this] { return notified_ || stopping_; });
    if (stopping_) return;
    notified_ = false;
  }
}

}  // namespace twofold::server
