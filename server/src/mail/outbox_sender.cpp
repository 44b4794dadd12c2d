#include "mail/outbox_sender.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "mail/mail_retry.hpp"
#include "runtime/server_metrics.hpp"

namespace twofold::server {

outbox_sender::outbox_sender(outbox_channel& channel, std::string claimer, const clock& clk, logger& log)
    : channel_(channel),
      claimer_(std::move(claimer)),
      clock_(clk),
      log_(log),
      worker_([this] { return run_pass(); }) {}

std::chrono::seconds outbox_sender::claim_lease() const { return channel_.longest_attempt() + claim_margin; }

void outbox_sender::start() {
  channel_.release_unsent(claimer_, clock_.now());
  worker_.start();
}

outbox_pass outbox_sender::deliver_due() {
  outbox_pass pass;
  while (!worker_.stopping()) {
    // One message per claim: its lease covers the one attempt made under it.
    const timestamp now = clock_.now();
    const auto claimed = channel_.claim_due(now, 1, claimer_, now + claim_lease());
    if (claimed.empty()) break;
    attempt(claimed.front(), pass);
  }
  return pass;
}

std::string outbox_sender::event(std::string_view what) const {
  return std::string(channel_.name()) + "." + std::string(what);
}

void outbox_sender::attempt(const outbox_message& message, outbox_pass& pass) {
  const row_id id = id_of(message);
  const delivery_result outcome = channel_.deliver(message);
  const timestamp now = clock_.now();
  server_metrics::process().outbox_delivery(channel_.name(), outcome.has_value());
  if (outcome) {
    channel_.mark_sent(id, now);
    log_.info(event("sent"), {{"outbox_id", id}});
    ++pass.delivered;
    return;
  }
  const int failures = attempts_of(message) + 1;
  const std::chrono::seconds delay = mail_retry_delay(failures);
  channel_.record_failure(id, claimer_, outcome.error(), now + delay);
  log_.warn(event("failed"),
            {{"outbox_id", id}, {"attempts", failures}, {"retry_in_s", delay.count()}, {"error", outcome.error()}});
  ++pass.failed;
}

background_worker::duration outbox_sender::idle_wait() {
  const auto next = channel_.next_due();
  if (!next) return max_idle_wait;
  return std::clamp<background_worker::duration>(*next - clock_.now(), std::chrono::seconds{0}, max_idle_wait);
}

background_worker::duration outbox_sender::run_pass() {
  try {
    deliver_due();
    return idle_wait();
  } catch (const std::exception& error) {
    // The database failed (disk full, locked too long): try again later
    // rather than end the thread.
    log_.error(event("outbox_failed"), {{"error", error.what()}});
    return max_idle_wait;
  }
}

}  // namespace twofold::server
