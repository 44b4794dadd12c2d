#pragma once
// A storage that makes races happen on purpose: it forwards everything to
// the real one, but the first `parties` reads of one kind wait for each
// other, so every racing request has read the same state before any of them
// writes. Whatever then keeps "use once" or "at most N" true must be the
// storage's guards, not luck in thread scheduling.
#include <barrier>
#include <atomic>

#include "support/forwarding_storage.hpp"

namespace twofold::server::testing {

// `throttle`: the racers meet as they call the throttle's step, each about
// to read what the others are about to write.
enum class rendezvous_read { backup_codes, two_factor, sign_in_flow, admin_code, password_token, throttle };

class rendezvous_storage final : public forwarding_storage {
 public:
  rendezvous_storage(storage& inner, rendezvous_read read, std::ptrdiff_t parties)
      : forwarding_storage(inner), read_(read), remaining_(parties), barrier_(parties) {}

  [[nodiscard]] std::optional<two_factor_record> find_two_factor(row_id user_id) override {
    auto found = inner_.find_two_factor(user_id);
    meet(rendezvous_read::two_factor);
    return found;
  }
  [[nodiscard]] std::optional<backup_code_set> find_backup_codes(row_id user_id) override {
    auto found = inner_.find_backup_codes(user_id);
    meet(rendezvous_read::backup_codes);
    return found;
  }
  [[nodiscard]] std::optional<sign_in_flow_record> find_sign_in_flow(const session_token_hash& hash) override {
    auto found = inner_.find_sign_in_flow(hash);
    meet(rendezvous_read::sign_in_flow);
    return found;
  }
  [[nodiscard]] std::optional<admin_code_record> find_admin_code(row_id user_id) override {
    auto found = inner_.find_admin_code(user_id);
    meet(rendezvous_read::admin_code);
    return found;
  }
  [[nodiscard]] std::optional<password_token_record> find_password_token(const session_token_hash& hash) override {
    auto found = inner_.find_password_token(hash);
    meet(rendezvous_read::password_token);
    return found;
  }

  void update_throttle(const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) override {
    meet(rendezvous_read::throttle);
    inner_.update_throttle(slots, now, step);
  }

 private:
  void meet(rendezvous_read read) {
    if (read != read_ || remaining_.fetch_sub(1) <= 0) return;
    barrier_.arrive_and_wait();
  }

  rendezvous_read read_;
  std::atomic<std::ptrdiff_t> remaining_;
  std::barrier<> barrier_;
};

}  // namespace twofold::server::testing
