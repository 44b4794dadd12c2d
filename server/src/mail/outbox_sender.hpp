#pragma once
// Delivers one channel of the outbox (outbox_channel.hpp: mail, SMS) in the
// background: one thread that claims due messages from storage, one at a
// time, hands each to the channel's transport, and records the outcome
// (sent, or failed with the next attempt per mail_retry.hpp). Each channel
// has a sender of its own, so a slow SMS gateway holds up no mail.
//
// Several servers may send one outbox (N senders on one database): a claim
// leases one message to this sender (its claimer, outbox_claimer.hpp) for
// claim_lease(), the transport's longest attempt (SMTP: --smtp-timeout)
// plus claim_margin, so a live sender's attempt always ends inside its
// lease and no other sender touches the message meanwhile; a server that
// dies holding one leaves it to the others once the lease runs out.
//
// It wakes when notify() says a transaction enqueued a message, and otherwise
// when the earliest retry or lease falls due (or after max_idle_wait,
// whichever comes first, so an outbox written by another process is not left
// waiting). The schedule is read from the injected clock; the wait itself is
// a real one.
//
// Nothing is lost by a crash: a message leaves the outbox only once marked
// sent; a restart makes due at once what this claimer held, and another
// server takes over what it held once the lease ends. A crash between
// delivery and marking sends that one message again (at least once); the
// file transports then overwrite their file, and an SMTP receiver sees the
// same Message-ID.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "mail/outbox_channel.hpp"
#include "runtime/background_worker.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

// What one pass over the due messages did.
struct outbox_pass {
  std::size_t delivered = 0;
  std::size_t failed = 0;
};

class outbox_sender {
 public:
  // A claim outlasts the attempt by this much: time to mark the outcome
  // after it, and for the clocks of servers on one database a little apart.
  static constexpr std::chrono::seconds claim_margin{15};
  static constexpr std::chrono::seconds max_idle_wait{60};

  // `claimer` names this sender's claims (outbox_claimer.hpp).
  outbox_sender(outbox_channel& channel, std::string claimer, const clock& clk, logger& log);
  outbox_sender(const outbox_sender&) = delete;
  outbox_sender& operator=(const outbox_sender&) = delete;

  // How long a claimed message is this sender's: the channel's longest
  // attempt plus claim_margin, so an attempt never outlasts its claim.
  [[nodiscard]] std::chrono::seconds claim_lease() const;

  // Makes what this claimer left waiting in its previous life due now
  // (outbox_channel::release_unsent), then starts the background thread; call once.
  void start();
  // A message was enqueued: look at the outbox now rather than at the next retry.
  void notify() { worker_.notify(); }
  // Finishes the delivery in progress, then ends the thread (also on
  // destruction). Messages not yet attempted stay in the outbox for the next start.
  void stop() { worker_.stop(); }
  // Whether the background thread is working the outbox: from start() until
  // stop(), or until the thread ended some other way. /readyz asks.
  [[nodiscard]] bool running() const { return worker_.running(); }

  // One pass in the calling thread: every message due now, one claim at a
  // time, until none is due or stop() was called. The thread runs this;
  // tests call it directly to step through the schedule.
  outbox_pass deliver_due();

 private:
  background_worker::duration run_pass();
  void attempt(const outbox_message& message, outbox_pass& pass);
  [[nodiscard]] std::string event(std::string_view what) const;
  [[nodiscard]] background_worker::duration idle_wait();

  outbox_channel& channel_;
  const std::string claimer_;
  const clock& clock_;
  logger& log_;
  background_worker worker_;  // last: its thread stops before the members it uses go
};

}  // namespace twofold::server
