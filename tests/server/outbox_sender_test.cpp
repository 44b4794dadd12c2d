// The outbox sender: due mail is delivered and marked sent, failures are
// kept and retried on the back-off schedule, an SMTP outage loses nothing,
// the background thread wakes on notify and when mail falls due, stop waits
// for the delivery in progress, and a crash before delivery still ends in
// exactly one delivered message; with several servers, a claim lasts the
// transport's longest attempt and a margin, a dead server's message is
// taken over once its lease ends, a restart frees only its own claims, and
// a failure reported after the lease ran out changes nothing.
#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <sstream>

#include "mail/file_transport.hpp"
#include "mail/mail_channel.hpp"
#include "mail/outbox_sender.hpp"
#include "mail/smtp_transport.hpp"
#include "support/test_database.hpp"
#include "support/poll_until.hpp"
#include "support/smtp_sink.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

constexpr auto thread_deadline = seconds{10};
// The transports' longest attempt here, and this sender's claimer.
constexpr auto transport_time_limit = seconds{20};
const std::string this_server = "web-1 127.0.0.1:8080";

std::int64_t seconds_of(timestamp at) { return at.time_since_epoch().count(); }

// Fails while told to, and counts every attempt.
class scripted_transport final : public mail_transport {
 public:
  delivery_result deliver(const outgoing_mail& mail) override {
    ++attempts;
    last_id = mail.id;
    if (failing) return failure{std::string("mail server said no")};
    return delivered{};
  }
  std::chrono::seconds longest_attempt() const override { return transport_time_limit; }
  bool failing = false;
  int attempts = 0;
  row_id last_id = 0;
};

// Holds the first delivery until released, so a test can act while it runs.
class blocking_transport final : public mail_transport {
 public:
  delivery_result deliver(const outgoing_mail&) override {
    ++attempts;
    if (attempts == 1) {
      entered.set_value();
      release.get_future().wait();
    }
    return delivered{};
  }
  std::chrono::seconds longest_attempt() const override { return transport_time_limit; }
  std::promise<void> entered;
  std::promise<void> release;
  std::atomic<int> attempts = 0;
};

// Runs `during` inside each delivery, then answers `outcome`.
class probing_transport final : public mail_transport {
 public:
  delivery_result deliver(const outgoing_mail&) override {
    during();
    return outcome;
  }
  std::chrono::seconds longest_attempt() const override { return transport_time_limit; }
  std::function<void()> during = [] {};
  delivery_result outcome = delivered{};
};

class outbox_sender_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void SetUp() override { store_ = database_.migrated(test_epoch); }

  std::int64_t count(const std::string& where) {
      return database_.integer("SELECT count(*) FROM mail_outbox WHERE " + where);
  }

  std::vector<std::string> outbox_row() {
      return database_.rows("SELECT attempts, next_attempt_at, sent_at, last_error FROM mail_outbox", 4).at(0);
  }

  std::vector<std::string> outbox_files() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "outbox")) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  temp_dir dir_;  // the file transport's outbox, the SMTP sink's mail
  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_;
  manual_clock clock_{test_epoch};
  std::ostringstream log_text_;
  logger log_{log_text_};
};

INSTANTIATE_TEST_SUITE_P(databases, outbox_sender_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(outbox_sender_test, delivers_due_mail_and_marks_it_sent) {
  file_transport transport(dir_.path(), "Twofold <no-reply@acme.example>", log_);
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  store_->apply(enqueue(sample_message(), test_epoch));
  store_->apply(enqueue(sample_message("alice@acme.example"), test_epoch));

  const outbox_pass pass = sender.deliver_due();

  EXPECT_EQ(pass.delivered, 2U);
  EXPECT_EQ(pass.failed, 0U);
  EXPECT_EQ(count("sent_at = " + std::to_string(seconds_of(test_epoch))), 2);
  EXPECT_EQ(outbox_files().size(), 2U);
  EXPECT_EQ(sender.deliver_due().delivered, 0U) << "sent mail is not sent again";
}

TEST_P(outbox_sender_test, retries_a_failing_message_with_growing_delays_until_it_goes_through) {
  scripted_transport transport;
  transport.failing = true;
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  store_->apply(enqueue(sample_message(), test_epoch));

  EXPECT_EQ(sender.deliver_due().failed, 1U);
  EXPECT_EQ(outbox_row(), (std::vector<std::string>{"1", std::to_string(seconds_of(test_epoch + seconds{30})), "NULL",
                                                    "mail server said no"}));

  clock_.advance(seconds{29});
  EXPECT_EQ(sender.deliver_due().failed, 0U) << "not due before 30 s";
  clock_.advance(seconds{1});
  EXPECT_EQ(sender.deliver_due().failed, 1U);
  EXPECT_EQ(outbox_row().at(1), std::to_string(seconds_of(test_epoch + seconds{30 + 60})));

  clock_.advance(seconds{60});
  transport.failing = false;
  EXPECT_EQ(sender.deliver_due().delivered, 1U);
  EXPECT_EQ(transport.attempts, 3);
  EXPECT_EQ(outbox_row().at(2), std::to_string(seconds_of(test_epoch + seconds{90})));
}

TEST_P(outbox_sender_test, an_smtp_outage_is_recorded_and_the_mail_delivered_once_the_server_is_back) {
  const std::uint16_t port = free_loopback_port();
  smtp_transport transport(smtp_settings{.url = "smtp://127.0.0.1:" + std::to_string(port),
                                         .starttls = false,
                                         .username = "",
                                         .password = "",
                                         .ca_file = "",
                                         .from = "Twofold <no-reply@acme.example>",
                                         .connect_timeout = seconds{5},
                                         .total_timeout = seconds{20}});
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  store_->apply(enqueue(sample_message(), test_epoch));

  EXPECT_EQ(sender.deliver_due().failed, 1U);
  const auto failed = outbox_row();
  EXPECT_EQ(failed.at(0), "1");
  EXPECT_EQ(failed.at(1), std::to_string(seconds_of(test_epoch + seconds{30})));
  EXPECT_NE(failed.at(3).find(std::to_string(port)), std::string::npos) << failed.at(3);
  EXPECT_NE(log_text_.str().find(R"("event":"mail.failed")"), std::string::npos);

  smtp_sink server(port, dir_.path() / "received");
  EXPECT_EQ(sender.deliver_due().delivered, 0U) << "the retry is not due yet";
  clock_.advance(seconds{30});
  EXPECT_EQ(sender.deliver_due().delivered, 1U);

  const auto received = server.received();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].envelope["rcpt_tos"], nlohmann::json::array({"bob@acme.example"}));
  EXPECT_EQ(count("sent_at IS NOT NULL"), 1);
}

TEST_P(outbox_sender_test, the_thread_delivers_when_notified) {
  file_transport transport(dir_.path(), "Twofold <no-reply@acme.example>", log_);
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  sender.start();

  store_->apply(enqueue(sample_message(), test_epoch));
  sender.notify();

  EXPECT_TRUE(poll_until(thread_deadline, [&] { return count("sent_at IS NOT NULL") == 1; }));
  sender.stop();
  EXPECT_EQ(outbox_files().size(), 1U);
}

TEST_P(outbox_sender_test, the_thread_wakes_when_mail_falls_due) {
  const system_clock real_clock;
  file_transport transport(dir_.path(), "Twofold <no-reply@acme.example>", log_);
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, real_clock, log_);
  const timestamp due = real_clock.now() + seconds{1};
  store_->apply(enqueue(sample_message(), due));

  sender.start();  // finds nothing due, so it waits for `due`; nobody notifies

  EXPECT_TRUE(poll_until(thread_deadline, [&] { return count("sent_at IS NOT NULL") == 1; }));
  sender.stop();
  EXPECT_EQ(count("sent_at >= " + std::to_string(seconds_of(due))), 1);
}

TEST_P(outbox_sender_test, stop_waits_for_the_delivery_in_progress_and_leaves_the_rest) {
  blocking_transport transport;
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  store_->apply(enqueue(sample_message(), test_epoch));
  store_->apply(enqueue(sample_message("alice@acme.example"), test_epoch));
  sender.start();
  transport.entered.get_future().wait();

  auto stopped = std::async(std::launch::async, [&] { sender.stop(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds{100}), std::future_status::timeout)
      << "stop returned during a delivery";
  transport.release.set_value();
  stopped.get();

  EXPECT_EQ(transport.attempts, 1);
  EXPECT_EQ(count("sent_at IS NOT NULL"), 1);
  EXPECT_EQ(count("sent_at IS NULL"), 1) << "the second message waits in the outbox";
}

TEST_P(outbox_sender_test, mail_enqueued_before_a_crash_is_delivered_exactly_once_after_restart) {
  {
    file_transport transport(dir_.path(), "Twofold <no-reply@acme.example>", log_);
    mail_channel never_started_mail(*store_, transport);
    outbox_sender never_started(never_started_mail, this_server, clock_, log_);
    store_->apply(enqueue(sample_message(), test_epoch));
    store_.reset();  // the process ends here, before any delivery
  }
  ASSERT_FALSE(std::filesystem::exists(dir_.path() / "outbox"));

  auto reopened = database_.migrated(test_epoch);
  file_transport transport(dir_.path(), "Twofold <no-reply@acme.example>", log_);
  {
    mail_channel sender_mail(*reopened, transport);
    outbox_sender sender(sender_mail, this_server, clock_, log_);
    sender.start();
    EXPECT_TRUE(poll_until(thread_deadline, [&] { return count("sent_at IS NOT NULL") == 1; }));
  }
  mail_channel after_another_restart_mail(*reopened, transport);
  outbox_sender after_another_restart(after_another_restart_mail, this_server, clock_, log_);
  clock_.advance(std::chrono::hours{24});
  EXPECT_EQ(after_another_restart.deliver_due().delivered, 0U);

  EXPECT_EQ(outbox_files(), std::vector<std::string>{"20260101T000000Z-1.eml"});
  EXPECT_EQ(count("1 = 1"), 1);
}

TEST_P(outbox_sender_test, a_restart_retries_at_once_what_this_claimer_left_waiting_but_not_another_servers) {
  const std::string other_server = "web-2 127.0.0.1:8080";
  store_->apply(enqueue(sample_message("alice@acme.example"), test_epoch));
  store_->apply(enqueue(sample_message("bob@acme.example"), test_epoch));
  store_->apply(enqueue(sample_message("carol@acme.example"), test_epoch));
  const auto claimed = store_->claim_due_mail(test_epoch, 1, this_server, test_epoch + std::chrono::hours{1});
  ASSERT_EQ(claimed.size(), 1U);  // this server died holding this one
  const auto other = store_->claim_due_mail(test_epoch, 1, this_server, test_epoch + std::chrono::hours{1});
  ASSERT_EQ(other.size(), 1U);
  store_->record_mail_failure(other[0].id, this_server, "connection refused", test_epoch + std::chrono::minutes{30});
  const auto in_flight = store_->claim_due_mail(test_epoch, 1, other_server, test_epoch + std::chrono::hours{1});
  ASSERT_EQ(in_flight.size(), 1U);  // the other server is delivering this one
  store_->apply(enqueue(sample_message("later@acme.example"), test_epoch + std::chrono::hours{2}));

  file_transport transport(dir_.path(), "Twofold <no-reply@acme.example>", log_);
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  sender.start();
  EXPECT_TRUE(poll_until(thread_deadline, [&] { return count("sent_at IS NOT NULL") == 2; }));
  sender.stop();
  EXPECT_EQ(count("sent_at IS NULL AND recipient = 'carol@acme.example'"), 1) << "the other server's is left to it";
  EXPECT_EQ(count("sent_at IS NULL AND recipient = 'later@acme.example'"), 1) << "mail not yet due stays";
}

TEST_P(outbox_sender_test, a_claim_lasts_the_transports_longest_attempt_and_a_margin) {
  probing_transport transport;
  mail_channel sender_mail(*store_, transport);
  outbox_sender sender(sender_mail, this_server, clock_, log_);
  store_->apply(enqueue(sample_message(), test_epoch));
  std::vector<std::string> held;
  transport.during = [&] { held = database_.rows("SELECT next_attempt_at, claimed_by FROM mail_outbox", 2).at(0); };

  EXPECT_EQ(sender.claim_lease(), transport_time_limit + outbox_sender::claim_margin);
  EXPECT_EQ(sender.deliver_due().delivered, 1U);
  const std::string lease_end = std::to_string(seconds_of(test_epoch + sender.claim_lease()));
  EXPECT_EQ(held, (std::vector<std::string>{lease_end, this_server}))
      << "while it is delivered, the message is this sender's for the lease";
}

TEST_P(outbox_sender_test, a_dead_servers_message_is_taken_over_once_its_lease_ends) {
  store_->apply(enqueue(sample_message(), test_epoch));
  scripted_transport transport;
  mail_channel sender_mail(*store_, transport);
  outbox_sender survivor(sender_mail, this_server, clock_, log_);
  const timestamp lease_end = test_epoch + survivor.claim_lease();
  const auto held = store_->claim_due_mail(test_epoch, 1, "web-2 127.0.0.1:8080", lease_end);
  ASSERT_EQ(held.size(), 1U);  // and then that server was killed

  EXPECT_EQ(survivor.deliver_due().delivered, 0U);
  EXPECT_EQ(sender_mail.next_due(), lease_end) << "the survivor looks again when the lease ends";
  clock_.advance(survivor.claim_lease() - seconds{1});
  EXPECT_EQ(survivor.deliver_due().delivered, 0U) << "not before";
  clock_.advance(seconds{1});
  EXPECT_EQ(survivor.deliver_due().delivered, 1U);
  EXPECT_EQ(transport.last_id, held[0].id);
  EXPECT_EQ(count("sent_at IS NOT NULL"), 1);
}

TEST_P(outbox_sender_test, a_failure_reported_after_the_lease_ran_out_leaves_the_message_to_its_new_claimer) {
  store_->apply(enqueue(sample_message(), test_epoch));
  probing_transport transport;
  transport.outcome = failure{std::string("timed out")};
  mail_channel sender_mail(*store_, transport);
  outbox_sender slow(sender_mail, this_server, clock_, log_);
  const timestamp taken_over_until = test_epoch + slow.claim_lease() + slow.claim_lease();
  transport.during = [&] {
    // The attempt outlasts its lease (a clock jump), and another server takes the message over.
    clock_.advance(slow.claim_lease());
    ASSERT_EQ(store_->claim_due_mail(clock_.now(), 1, "web-2 127.0.0.1:8080", taken_over_until).size(), 1U);
  };

  EXPECT_EQ(slow.deliver_due().failed, 1U);

  EXPECT_EQ(database_.rows("SELECT attempts, next_attempt_at, claimed_by, last_error FROM mail_outbox", 4).at(0),
            (std::vector<std::string>{"0", std::to_string(seconds_of(taken_over_until)), "web-2 127.0.0.1:8080",
                                      "NULL"}))
      << "not rescheduled under the other server";
}

}  // namespace
}  // namespace twofold::server::testing
